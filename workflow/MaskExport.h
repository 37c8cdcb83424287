#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "storage/RecordKinds.h"
#include "storage/VolumeRecord.h"
#include "workflow/DicomLabelExport.h"

namespace segloop {

class Project;

/// What to export (`segloop-cli export`, the window's export dialog).
struct ExportRequest {
    std::string outputFolder;
    std::vector<int64_t> volumeIds;  ///< empty: every volume
    /// The kinds of label version that may be exported. Default: the label of record. With
    /// pseudo, a volume without a label of record gives its pseudo-label (never a rejected one).
    std::set<LabelProvenance> include = {LabelProvenance::Human, LabelProvenance::Corrected,
                                         LabelProvenance::Accepted};
    bool images = true;     ///< also OUTPUT/images/NAME.nii.gz (NIfTI format)
    bool perClass = false;  ///< OUTPUT/labels/NAME_CLASS.nii.gz, one binary mask per class
    bool overwrite = false;
    /// NIfTI, or DICOM SEG (OUTPUT/seg/NAME.dcm) or RTSTRUCT (OUTPUT/rtstruct/NAME.dcm) for
    /// the volumes imported from DICOM (others are named in the notes and left out).
    ExportFormat format = ExportFormat::Nifti;
    bool fractional = false;  ///< DICOM SEG: a pseudo-label's model probabilities
    /// DICOM formats: patient identity removed and UIDs replaced (PS3.15 basic profile), the
    /// same way in the SEG/RTSTRUCT and the source series (with `sourceSeries`). The manifest
    /// then names no source path and shows the new series UIDs.
    bool deidentify = false;
    /// Replacement UIDs derive from it (the same salt gives the same UIDs in a later export);
    /// empty: a random one.
    std::string deidentifySalt;
    bool sourceSeries = false;  ///< DICOM formats: the source series beside, in source/NAME/
};

/// What an export wrote.
struct ExportReport {
    size_t images = 0;
    size_t labelFiles = 0;
    size_t volumesWithLabels = 0;
    std::string manifestPath;
    std::vector<std::string> notes;  ///< volumes left out, and why
};

/// "accepted,corrected,human,pseudo" -> kinds; Error naming the bad word.
std::set<LabelProvenance> parseExportKinds(const std::string& text);

/// A file-name-safe name for a volume: the NIfTI stem, or "volume<N>_<description>" for DICOM.
std::string exportName(const VolumeRecord& volume);

/// Writes images and label maps as NIfTI, and OUTPUT/manifest.csv naming, for each label file:
/// volume, source file or series UID, label version, kind, author, time, model, predicted
/// quality, and each class's volume in mL. Every target is worked out first: a file in the way
/// (without `overwrite`) stops the export before anything is written. The export is in the
/// audit log. Progress "Exporting" per volume; cancel throws Cancelled (files written so far
/// stay, the manifest is written last). Same thread as the project.
ExportReport exportLabels(Project& project, const ExportRequest& request,
                          Progress* progress = nullptr);

}  // namespace segloop
