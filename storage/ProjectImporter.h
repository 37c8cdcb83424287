#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"

namespace segloop {

class Project;

/// What to import: DICOM folders, NIfTI files or folders of NIfTI files, and optional labels.
struct ImportRequest {
    std::vector<std::string> inputs;
    /// A folder of NIfTI label maps matched to NIfTI images by name (`case.nii.gz`, or
    /// `case_seg`, `case_label`, `case_mask`); empty for none.
    std::string labelsFolder;
    /// Recorded as the author of imported labels; empty for the project's user.
    std::string author;
    /// false: all or nothing (the first bad input stops the import and the project is left as
    /// it was). true: each input is its own change; bad ones are listed in the report.
    bool skipBad = false;
};

/// One volume that the import added.
struct ImportedVolume {
    int64_t volumeId = 0;
    std::string source;  ///< The NIfTI file, or the DICOM series description.
    std::optional<int64_t> labelVersionId;
};

/// An input (a file, a series) that was not imported, and why.
struct RefusedInput {
    std::string source;
    std::string reason;
};

/// What an import did.
struct ImportReport {
    std::vector<ImportedVolume> imported;
    std::vector<RefusedInput> refused;         ///< Only with skipBad.
    std::vector<RefusedInput> skippedFiles;    ///< DICOM files that are not images (info).
    std::vector<std::string> unmatchedLabels;  ///< Label files that matched no image.
};

/// Imports images (and labels) into a project: the one workflow the CLI and the desktop app
/// share. Reads each input with core's readers and stores it through the project's
/// repositories. Without skipBad everything happens in one transaction, and data files written
/// before a failure are removed again: on any error (or Cancelled from `progress`) the project
/// is exactly as it was, and the Error names the file and the problem. Calling thread only.
ImportReport importIntoProject(Project& project, const ImportRequest& request,
                               Progress* progress = nullptr);

}  // namespace segloop
