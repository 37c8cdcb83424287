#pragma once

#include <string>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdatset.h"

#include "core/jobs/Progress.h"

namespace segloop {

/// Internal to core/pacs: the bookkeeping C-MOVE and C-GET share: how many files arrived, how
/// many the node announced, and "Retrieving" progress (arrived, announced; 0 = not known yet).
class RetrievalProgress {
  public:
    explicit RetrievalProgress(Progress* progress) : progress_(progress) {}

    /// Reports (0, 0); false when the user cancelled before anything started.
    bool start() { return report(); }
    /// A response announced the sub-operation counts; reports them. False: cancel.
    bool announce(unsigned remaining, unsigned completed, unsigned failed, unsigned warning);
    /// One more file arrived; reports it. False: cancel.
    bool fileArrived();

    /// Reports the current counts again (while data moves). False: cancel.
    bool poll() { return report(); }

    size_t received() const { return received_; }
    size_t total() const { return total_; }
    /// For TransferCancelled: "1 of 32 files had arrived; none kept".
    std::string cancelDetail() const;

  private:
    bool report();

    Progress* progress_ = nullptr;
    size_t received_ = 0;
    size_t total_ = 0;
};

/// Internal to core/pacs: the identifiers of a series-level retrieval (Study Root). Throws
/// segloop::Error (subject: "retrieve") when a UID is empty or not a UID.
void putSeriesIdentifiers(DcmDataset& keys, const std::string& studyInstanceUid,
                          const std::string& seriesInstanceUid);

/// Internal to core/pacs: throws segloop::Error naming the node when the final status of a
/// C-MOVE or C-GET (`operation`) is not a plain success, or when no file arrived. `hint` (what
/// to check, e.g. "is the series on the node?") ends the message when nothing arrived.
void checkRetrievalOutcome(const std::string& subject, const std::string& operation,
                           unsigned short status, unsigned failed, size_t received,
                           const std::string& seriesInstanceUid, const std::string& hint,
                           const char* (*describe)(Uint16));

}  // namespace segloop
