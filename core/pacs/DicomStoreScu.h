#pragma once

#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/pacs/DicomNode.h"
#include "core/pacs/PacsStoreReport.h"

namespace segloop {

/// Sends DICOM files to a node with C-STORE (e.g. a SEG or RTSTRUCT SegLoop made, or a
/// series), all on one association. Each file goes in its own transfer syntax when the node
/// accepts it, else decompressed to explicit VR little endian.
///
/// Progress: "Sending" (files sent, files) before each file and once at the end. Returning
/// false aborts the association at once and throws TransferCancelled; the files sent before
/// stay on the node (C-STORE cannot be undone).
class DicomStoreScu {
  public:
    explicit DicomStoreScu(DicomNode node);

    /// Reads every file's header first (throws segloop::Error naming a file that is not
    /// DICOM, before connecting), then sends them in order. Throws segloop::Error naming the
    /// node and the file at the first failure: node down, association rejected, the node
    /// refusing that kind of object, a failure status with its code, timeout.
    PacsStoreReport storeFiles(const std::vector<std::string>& paths,
                               Progress* progress = nullptr) const;

  private:
    DicomNode node_;
};

}  // namespace segloop
