#include "core/pacs/DicomMoveScu.h"

#include <utility>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmnet/dimse.h"
#include "dcmtk/dcmnet/diutil.h"

#include "core/pacs/DicomAssociation.h"
#include "core/pacs/DicomMoveStorageScp.h"
#include "core/pacs/DicomRetrieval.h"
#include "core/pacs/ReceivedFiles.h"
#include "core/pacs/TransferCancelled.h"

namespace segloop {

namespace {

constexpr const char* kMoveModel = UID_MOVEStudyRootQueryRetrieveInformationModel;

/// What the C-MOVE callbacks share. Cancelling sends one C-CANCEL and stops our SCP.
struct MoveSession {
    DicomAssociation* association = nullptr;
    T_ASC_PresentationContextID contextId = 0;
    DIC_US messageId = 0;
    RetrievalProgress* tally = nullptr;
    DicomMoveStorageScp* scp = nullptr;
    bool cancelled = false;

    void cancel() {
        if (!cancelled) {
            cancelled = true;
            scp->stop();
            DIMSE_sendCancelRequest(association->get(), contextId, messageId);
        }
    }
};

void onMoveResponse(void* data, T_DIMSE_C_MoveRQ* /*request*/, int /*responseCount*/,
                    T_DIMSE_C_MoveRSP* response) {
    auto& session = *static_cast<MoveSession*>(data);
    try {
        if (!session.tally->announce(
                response->NumberOfRemainingSubOperations, response->NumberOfCompletedSubOperations,
                response->NumberOfFailedSubOperations, response->NumberOfWarningSubOperations)) {
            session.cancel();
        }
    } catch (...) {
        session.cancel();  // a progress that throws stops the transfer too
    }
}

}  // namespace

DicomMoveScu::DicomMoveScu(DicomNode node) : node_(std::move(node)) {}

std::vector<std::string> DicomMoveScu::retrieveSeries(const std::string& studyInstanceUid,
                                                      const std::string& seriesInstanceUid,
                                                      const std::string& folder,
                                                      Progress* progress) const {
    validateDicomNode(node_);
    DcmDataset keys;
    putSeriesIdentifiers(keys, studyInstanceUid, seriesInstanceUid);
    ReceivedFiles files(folder);
    RetrievalProgress tally(progress);
    if (!tally.start()) {
        throw TransferCancelled(describeDicomNode(node_), "before the transfer began");
    }
    // The network listens on our port for the storage association(s) of the move.
    DicomAssociation association(
        node_,
        {{kMoveModel,
          {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax}}},
        node_.localPort);
    MoveSession session;
    DicomMoveStorageScp scp(node_, files, [&session] {
        if (!session.tally->fileArrived()) {
            session.cancel();
        }
    });
    session.association = &association;
    session.contextId = association.contextFor(kMoveModel);
    session.messageId = association.nextMessageId();
    session.tally = &tally;
    session.scp = &scp;

    T_DIMSE_C_MoveRQ request{};
    request.MessageID = session.messageId;
    OFStandard::strlcpy(request.AffectedSOPClassUID, kMoveModel,
                        sizeof(request.AffectedSOPClassUID));
    OFStandard::strlcpy(request.MoveDestination, node_.localAeTitle.c_str(),
                        sizeof(request.MoveDestination));
    request.Priority = DIMSE_PRIORITY_MEDIUM;
    request.DataSetType = DIMSE_DATASET_PRESENT;
    T_DIMSE_C_MoveRSP response{};
    DcmDataset* statusDetail = nullptr;
    DcmDataset* failedInstances = nullptr;
    const OFCondition condition = DIMSE_moveUser(
        association.get(), session.contextId, &request, &keys, onMoveResponse, &session,
        DIMSE_NONBLOCKING, association.dimseTimeoutSeconds(), association.network(),
        DicomMoveStorageScp::serve, &scp, &response, &statusDetail, &failedInstances);
    delete statusDetail;
    delete failedInstances;

    if (scp.error()) {
        std::rethrow_exception(scp.error());  // our SCP's problem: the file write, the network
    }
    if (session.cancelled) {
        if (condition.good()) {
            association.release();
        }
        throw TransferCancelled(association.subject(), tally.cancelDetail());
    }
    if (condition.bad()) {
        throw association.failure("C-MOVE", condition);
    }
    association.release();
    checkRetrievalOutcome(association.subject(), "C-MOVE", response.DimseStatus,
                          response.NumberOfFailedSubOperations, files.count(), seriesInstanceUid,
                          "is the series on the node, and does the node know our AE title \"" +
                              node_.localAeTitle + "\" at this machine's address and port " +
                              std::to_string(node_.localPort) + "?",
                          DU_cmoveStatusString);
    return files.commit();
}

}  // namespace segloop
