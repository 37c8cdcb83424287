#include "core/pacs/DicomRetrieval.h"

#include <algorithm>

#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmnet/dimse.h"

#include "core/Error.h"
#include "core/pacs/DicomAssociation.h"
#include "core/pacs/PacsQuery.h"

namespace segloop {

bool RetrievalProgress::announce(unsigned remaining, unsigned completed, unsigned failed,
                                 unsigned warning) {
    const size_t announced = size_t{remaining} + completed + failed + warning;
    if (announced > 0) {
        total_ = announced;
    }
    return report();
}

bool RetrievalProgress::fileArrived() {
    ++received_;
    return report();
}

std::string RetrievalProgress::cancelDetail() const {
    if (total_ > 0) {
        return std::to_string(received_) + " of " + std::to_string(total_) +
               " files had arrived; none kept";
    }
    return std::to_string(received_) + (received_ == 1 ? " file had" : " files had") +
           " arrived; none kept";
}

bool RetrievalProgress::report() {
    return progress_ == nullptr ||
           progress_->update("Retrieving", received_, std::max(total_, received_));
}

void putSeriesIdentifiers(DcmDataset& keys, const std::string& studyInstanceUid,
                          const std::string& seriesInstanceUid) {
    if (studyInstanceUid.empty() || seriesInstanceUid.empty()) {
        throw Error("retrieve",
                    "a series is retrieved by its study and series instance UIDs; "
                    "one of them is empty");
    }
    PacsQuery uids;
    uids.studyInstanceUid = studyInstanceUid;
    uids.seriesInstanceUid = seriesInstanceUid;
    validatePacsQuery(uids);
    keys.putAndInsertString(DCM_QueryRetrieveLevel, "SERIES");
    keys.putAndInsertString(DCM_StudyInstanceUID, studyInstanceUid.c_str());
    keys.putAndInsertString(DCM_SeriesInstanceUID, seriesInstanceUid.c_str());
}

void checkRetrievalOutcome(const std::string& subject, const std::string& operation,
                           unsigned short status, unsigned failed, size_t received,
                           const std::string& seriesInstanceUid, const std::string& hint,
                           const char* (*describe)(Uint16)) {
    const std::string check = received == 0 ? ": " + hint : std::string();
    if (status == STATUS_MOVE_Refused_MoveDestinationUnknown) {
        throw Error(subject, operation +
                                 " refused: the node does not know our AE title as a move "
                                 "destination (" +
                                 describeDimseStatus(status, describe) +
                                 "); add our AE title, host and port to its modalities");
    }
    if (status == STATUS_MOVE_Warning_SubOperationsCompleteOneOrMoreFailures || failed > 0) {
        throw Error(subject, operation + " of series " + seriesInstanceUid + " finished with " +
                                 std::to_string(failed) + " failed transfers (" +
                                 describeDimseStatus(status, describe) + "); nothing kept");
    }
    if (status != STATUS_Success) {
        throw Error(subject, operation + " of series " + seriesInstanceUid + " answered with " +
                                 describeDimseStatus(status, describe) + check);
    }
    if (received == 0) {
        throw Error(subject,
                    operation + " of series " + seriesInstanceUid + " sent no file" + check);
    }
}

}  // namespace segloop
