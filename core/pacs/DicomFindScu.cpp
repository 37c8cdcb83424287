#include "core/pacs/DicomFindScu.h"

#include <exception>
#include <functional>
#include <utility>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdatset.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmnet/dimse.h"
#include "dcmtk/dcmnet/diutil.h"

#include "core/pacs/DicomAssociation.h"
#include "core/pacs/TransferCancelled.h"

namespace segloop {

namespace {

using MatchHandler = std::function<void(DcmDataset&)>;

/// What the C-FIND callback needs; the callback never throws (DCMTK is C underneath).
struct FindSession {
    DicomAssociation* association = nullptr;
    T_ASC_PresentationContextID contextId = 0;
    Progress* progress = nullptr;
    MatchHandler onMatch;
    size_t matches = 0;
    bool cancelled = false;
    std::exception_ptr error;
};

void onFindResponse(void* data, T_DIMSE_C_FindRQ* request, int /*responseCount*/,
                    T_DIMSE_C_FindRSP* /*response*/, DcmDataset* identifiers) {
    auto& session = *static_cast<FindSession*>(data);
    if (session.cancelled || identifiers == nullptr) {
        return;
    }
    bool stop = false;
    try {
        identifiers->convertToUTF8();  // best effort: unknown character sets stay as sent
        session.onMatch(*identifiers);
        ++session.matches;
        stop = session.progress != nullptr &&
               !session.progress->update("Searching", session.matches, 0);
    } catch (...) {
        session.error = std::current_exception();
        stop = true;
    }
    if (stop) {
        session.cancelled = true;
        DIMSE_sendCancelRequest(session.association->get(), session.contextId, request->MessageID);
    }
}

/// Runs one C-FIND with `keys` on a fresh association; calls `onMatch` per match.
void runFind(const DicomNode& node, DcmDataset& keys, Progress* progress, MatchHandler onMatch) {
    validateDicomNode(node);
    if (progress != nullptr && !progress->update("Searching", 0, 0)) {
        throw TransferCancelled(describeDicomNode(node), "before the search began");
    }
    const char* model = UID_FINDStudyRootQueryRetrieveInformationModel;
    DicomAssociation association(
        node, {{model,
                {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax}}});
    FindSession session;
    session.association = &association;
    session.contextId = association.contextFor(model);
    session.progress = progress;
    session.onMatch = std::move(onMatch);

    T_DIMSE_C_FindRQ request{};
    request.MessageID = association.nextMessageId();
    OFStandard::strlcpy(request.AffectedSOPClassUID, model, sizeof(request.AffectedSOPClassUID));
    request.DataSetType = DIMSE_DATASET_PRESENT;
    request.Priority = DIMSE_PRIORITY_MEDIUM;
    T_DIMSE_C_FindRSP response{};
    DcmDataset* statusDetail = nullptr;
    int responseCount = 0;
    const OFCondition condition = DIMSE_findUser(
        association.get(), session.contextId, &request, &keys, responseCount, onFindResponse,
        &session, DIMSE_NONBLOCKING, association.dimseTimeoutSeconds(), &response, &statusDetail);
    delete statusDetail;

    if (session.error) {
        std::rethrow_exception(session.error);  // the association aborts on the way out
    }
    if (session.cancelled) {
        if (condition.good()) {
            association.release();
        }
        throw TransferCancelled(association.subject(),
                                "search stopped after " + std::to_string(session.matches) +
                                    (session.matches == 1 ? " match" : " matches"));
    }
    if (condition.bad()) {
        throw association.failure("C-FIND", condition);
    }
    association.release();
    if (response.DimseStatus != STATUS_Success) {
        throw Error(association.subject(),
                    "C-FIND answered with " +
                        describeDimseStatus(response.DimseStatus, DU_cfindStatusString));
    }
}

void putKey(DcmDataset& keys, const DcmTagKey& tag, const std::string& value = {}) {
    keys.putAndInsertString(tag, value.c_str());
}

void putIfSet(DcmDataset& keys, const DcmTagKey& tag, const std::string& value) {
    if (!value.empty()) {
        putKey(keys, tag, value);
    }
}

std::string text(DcmDataset& dataset, const DcmTagKey& tag) {
    OFString value;
    if (dataset.findAndGetOFStringArray(tag, value).bad()) {
        return {};
    }
    return value.c_str();
}

int number(DcmDataset& dataset, const DcmTagKey& tag) {
    Sint32 value = 0;
    return dataset.findAndGetSint32(tag, value).good() ? static_cast<int>(value) : -1;
}

std::vector<std::string> splitValues(const std::string& values) {
    std::vector<std::string> parts;
    size_t begin = 0;
    while (begin <= values.size() && !values.empty()) {
        const size_t end = values.find('\\', begin);
        parts.push_back(values.substr(begin, end == std::string::npos ? end : end - begin));
        if (end == std::string::npos) {
            break;
        }
        begin = end + 1;
    }
    return parts;
}

}  // namespace

DicomFindScu::DicomFindScu(DicomNode node) : node_(std::move(node)) {}

std::vector<PacsStudy> DicomFindScu::findStudies(const PacsQuery& query, Progress* progress) const {
    validatePacsQuery(query);
    DcmDataset keys;
    putKey(keys, DCM_QueryRetrieveLevel, "STUDY");
    putKey(keys, DCM_SpecificCharacterSet, "ISO_IR 192");
    putKey(keys, DCM_PatientID, query.patientId);
    putKey(keys, DCM_PatientName, query.patientName);
    putKey(keys, DCM_PatientBirthDate);
    putKey(keys, DCM_StudyInstanceUID, query.studyInstanceUid);
    putKey(keys, DCM_StudyDate, studyDateRange(query));
    putKey(keys, DCM_StudyTime);
    putKey(keys, DCM_StudyDescription, query.studyDescription);
    putKey(keys, DCM_AccessionNumber);
    putKey(keys, DCM_ModalitiesInStudy, query.modality);
    putKey(keys, DCM_NumberOfStudyRelatedSeries);
    putKey(keys, DCM_NumberOfStudyRelatedInstances);

    std::vector<PacsStudy> studies;
    runFind(node_, keys, progress, [&studies](DcmDataset& match) {
        PacsStudy study;
        study.patientId = text(match, DCM_PatientID);
        study.patientName = text(match, DCM_PatientName);
        study.patientBirthDate = text(match, DCM_PatientBirthDate);
        study.studyInstanceUid = text(match, DCM_StudyInstanceUID);
        study.studyDate = text(match, DCM_StudyDate);
        study.studyTime = text(match, DCM_StudyTime);
        study.studyDescription = text(match, DCM_StudyDescription);
        study.accessionNumber = text(match, DCM_AccessionNumber);
        study.modalities = splitValues(text(match, DCM_ModalitiesInStudy));
        study.numberOfSeries = number(match, DCM_NumberOfStudyRelatedSeries);
        study.numberOfInstances = number(match, DCM_NumberOfStudyRelatedInstances);
        studies.push_back(std::move(study));
    });
    return studies;
}

std::vector<PacsSeries> DicomFindScu::findSeries(const PacsQuery& query, Progress* progress) const {
    validatePacsQuery(query);
    DcmDataset keys;
    putKey(keys, DCM_QueryRetrieveLevel, "SERIES");
    putKey(keys, DCM_SpecificCharacterSet, "ISO_IR 192");
    putIfSet(keys, DCM_PatientID, query.patientId);
    putIfSet(keys, DCM_PatientName, query.patientName);
    putIfSet(keys, DCM_StudyDate, studyDateRange(query));
    putIfSet(keys, DCM_StudyDescription, query.studyDescription);
    putKey(keys, DCM_StudyInstanceUID, query.studyInstanceUid);
    putKey(keys, DCM_SeriesInstanceUID, query.seriesInstanceUid);
    putKey(keys, DCM_Modality, query.modality);
    putKey(keys, DCM_SeriesDescription, query.seriesDescription);
    putKey(keys, DCM_SeriesNumber);
    putKey(keys, DCM_SeriesDate);
    putKey(keys, DCM_NumberOfSeriesRelatedInstances);

    std::vector<PacsSeries> series;
    runFind(node_, keys, progress, [&series, &query](DcmDataset& match) {
        PacsSeries one;
        one.patientId = text(match, DCM_PatientID);
        one.patientName = text(match, DCM_PatientName);
        one.studyInstanceUid = text(match, DCM_StudyInstanceUID);
        if (one.studyInstanceUid.empty()) {
            one.studyInstanceUid = query.studyInstanceUid;
        }
        one.seriesInstanceUid = text(match, DCM_SeriesInstanceUID);
        one.modality = text(match, DCM_Modality);
        one.seriesDescription = text(match, DCM_SeriesDescription);
        one.seriesDate = text(match, DCM_SeriesDate);
        one.seriesNumber = number(match, DCM_SeriesNumber);
        one.numberOfInstances = number(match, DCM_NumberOfSeriesRelatedInstances);
        series.push_back(std::move(one));
    });
    return series;
}

}  // namespace segloop
