#include "core/pacs/DicomGetScu.h"

#include <cstdio>
#include <utility>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmnet/dimse.h"
#include "dcmtk/dcmnet/diutil.h"

#include "core/pacs/DicomAssociation.h"
#include "core/pacs/DicomRetrieval.h"
#include "core/pacs/DicomStorageClasses.h"
#include "core/pacs/DicomStoreReceiver.h"
#include "core/pacs/ReceivedFiles.h"
#include "core/pacs/TransferCancelled.h"

namespace segloop {

namespace {

constexpr const char* kGetModel = UID_GETStudyRootQueryRetrieveInformationModel;

std::vector<DicomPresentationContext> getContexts() {
    std::vector<DicomPresentationContext> contexts = {
        {kGetModel,
         {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax}}};
    for (const std::string& storageClass : retrievableStorageClasses()) {
        contexts.push_back({storageClass, readableTransferSyntaxes(), ASC_SC_ROLE_SCP});
    }
    return contexts;
}

}  // namespace

DicomGetScu::DicomGetScu(DicomNode node) : node_(std::move(node)) {}

std::vector<std::string> DicomGetScu::retrieveSeries(const std::string& studyInstanceUid,
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
    DicomAssociation association(node_, getContexts());
    const T_ASC_PresentationContextID getContext = association.contextFor(kGetModel);
    const int timeout = association.dimseTimeoutSeconds();

    T_DIMSE_Message message{};
    message.CommandField = DIMSE_C_GET_RQ;
    T_DIMSE_C_GetRQ& request = message.msg.CGetRQ;
    request.MessageID = association.nextMessageId();
    OFStandard::strlcpy(request.AffectedSOPClassUID, kGetModel,
                        sizeof(request.AffectedSOPClassUID));
    request.Priority = DIMSE_PRIORITY_MEDIUM;
    request.DataSetType = DIMSE_DATASET_PRESENT;
    OFCondition condition = DIMSE_sendMessageUsingMemoryData(
        association.get(), getContext, &message, nullptr, &keys, nullptr, nullptr);
    if (condition.bad()) {
        throw association.failure("C-GET", condition);
    }

    bool cancelled = false;
    const auto cancel = [&] {
        cancelled = true;
        DIMSE_sendCancelRequest(association.get(), getContext, request.MessageID);
    };
    T_DIMSE_C_GetRSP final{};
    for (;;) {
        T_DIMSE_Message incoming{};
        T_ASC_PresentationContextID incomingContext = 0;
        DcmDataset* statusDetail = nullptr;
        condition = DIMSE_receiveCommand(association.get(), DIMSE_NONBLOCKING, timeout,
                                         &incomingContext, &incoming, &statusDetail);
        delete statusDetail;
        if (condition.bad()) {
            if (cancelled) {
                association.abort();
                throw TransferCancelled(association.subject(), tally.cancelDetail());
            }
            throw association.failure("C-GET", condition);
        }
        if (incoming.CommandField == DIMSE_C_STORE_RQ) {
            if (cancelled) {  // the node goes on after our C-CANCEL: stop it the hard way
                association.abort();
                throw TransferCancelled(association.subject(), tally.cancelDetail());
            }
            condition = receiveStoreRequest(association.get(), incomingContext,
                                            incoming.msg.CStoreRQ, files, timeout, [&] {
                                                if (!tally.fileArrived()) {
                                                    cancel();
                                                }
                                            });
            if (condition.bad()) {
                throw association.failure("C-GET (receiving a file)", condition);
            }
            continue;
        }
        if (incoming.CommandField != DIMSE_C_GET_RSP) {
            char command[16];
            std::snprintf(command, sizeof(command), "0x%04X",
                          static_cast<unsigned>(incoming.CommandField));
            throw Error(association.subject(),
                        std::string("C-GET: the node sent an unexpected DIMSE command ") + command);
        }
        const T_DIMSE_C_GetRSP& response = incoming.msg.CGetRSP;
        if (response.DataSetType != DIMSE_DATASET_NULL) {  // e.g. the failed SOP instance list
            DcmDataset* identifiers = nullptr;
            condition =
                DIMSE_receiveDataSetInMemory(association.get(), DIMSE_NONBLOCKING, timeout,
                                             &incomingContext, &identifiers, nullptr, nullptr);
            delete identifiers;
            if (condition.bad()) {
                throw association.failure("C-GET", condition);
            }
        }
        if (response.DimseStatus != STATUS_GET_Pending_SubOperationsAreContinuing) {
            final = response;
            break;
        }
        if (!tally.announce(
                response.NumberOfRemainingSubOperations, response.NumberOfCompletedSubOperations,
                response.NumberOfFailedSubOperations, response.NumberOfWarningSubOperations) &&
            !cancelled) {
            cancel();
        }
    }
    association.release();
    if (cancelled) {
        throw TransferCancelled(association.subject(), tally.cancelDetail());
    }
    checkRetrievalOutcome(association.subject(), "C-GET", final.DimseStatus,
                          final.NumberOfFailedSubOperations, files.count(), seriesInstanceUid,
                          "is the series on the node?", DU_cgetStatusString);
    return files.commit();
}

}  // namespace segloop
