#pragma once

#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/pacs/DicomNode.h"

namespace segloop {

/// Retrieves series from a node with C-GET: the node sends the instances back on the same
/// association, so no port of ours needs to be reachable (unlike C-MOVE). Study Root model.
///
/// Progress: "Retrieving" (files arrived, files announced by the node; 0 until it says) after
/// each file and each response. Returning false cancels cleanly: a C-CANCEL goes to the node
/// (the association is aborted when the node sends more anyway), every file of this transfer
/// is deleted, and TransferCancelled is thrown.
class DicomGetScu {
  public:
    explicit DicomGetScu(DicomNode node);

    /// Retrieves every instance of one series into `folder` (created when needed) as
    /// "<SOP Instance UID>.dcm"; returns their paths, sorted. All or nothing: files arrive
    /// under hidden temporary names, renamed only once the node reported success. Throws
    /// segloop::Error naming the node on failure (node down, association rejected, timeout,
    /// a failure status with its code, failed sub-operations, no file at all).
    std::vector<std::string> retrieveSeries(const std::string& studyInstanceUid,
                                            const std::string& seriesInstanceUid,
                                            const std::string& folder,
                                            Progress* progress = nullptr) const;

  private:
    DicomNode node_;
};

}  // namespace segloop
