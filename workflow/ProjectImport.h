#pragma once

#include <vector>

#include "core/jobs/Progress.h"
#include "storage/ProjectImporter.h"
#include "workflow/DerivedLabelImport.h"

namespace segloop {

class Project;

/// What an import of images and labels did.
struct ProjectImportReport {
    ImportReport images;                           ///< the volumes (storage's importIntoProject)
    std::vector<DerivedLabelImportResult> labels;  ///< the SEG and RTSTRUCT files imported
};

/// The import of both front ends (`segloop-cli import`, the window's Import): images first
/// (DICOM series and NIfTI, storage's importIntoProject), then every DICOM SEG and RTSTRUCT
/// among the inputs, given as files or found in the folders, as a label version of the volume
/// whose series it references (importDerivedLabels). Without request.skipBad, a bad SEG or
/// RTSTRUCT stops with an Error naming it (the images, imported before, stay); with it, it is
/// listed in images.refused. Progress: storage's import, then "Importing labels" per file.
ProjectImportReport importImagesAndLabels(Project& project, const ImportRequest& request,
                                          bool addMissingClasses, Progress* progress = nullptr);

}  // namespace segloop
