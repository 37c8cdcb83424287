#pragma once

#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/pacs/DicomNode.h"

namespace segloop {

/// Retrieves series from a node with C-MOVE: asks the node to send the instances to our own
/// AE title (DicomNode::localAeTitle), and runs a storage SCP on DicomNode::localPort for the
/// duration of the move to receive them. The node must know our AE title with this machine's
/// address and that port (its list of DICOM modalities); C-GET (DicomGetScu) needs no port.
///
/// Progress: "Retrieving" (files arrived, files announced by the node; 0 until it says) after
/// each file and each response. Returning false cancels cleanly: a C-CANCEL goes to the node,
/// our storage association is aborted if the node sends more anyway, every file of this
/// transfer is deleted, and TransferCancelled is thrown.
class DicomMoveScu {
  public:
    explicit DicomMoveScu(DicomNode node);

    /// Retrieves every instance of one series into `folder` (created when needed) as
    /// "<SOP Instance UID>.dcm"; returns their paths, sorted. All or nothing, as
    /// DicomGetScu::retrieveSeries(). Throws segloop::Error naming the node on failure,
    /// including our port being in use and the node not knowing our AE title.
    std::vector<std::string> retrieveSeries(const std::string& studyInstanceUid,
                                            const std::string& seriesInstanceUid,
                                            const std::string& folder,
                                            Progress* progress = nullptr) const;

  private:
    DicomNode node_;
};

}  // namespace segloop
