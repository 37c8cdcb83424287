#pragma once

#include <string>

#include "core/io/DicomSourceSeries.h"
#include "storage/LabelVersionRepository.h"

namespace segloop {

class Project;

/// The file formats a label export writes.
enum class ExportFormat {
    Nifti,     ///< NIfTI label maps (and images)
    DicomSeg,  ///< DICOM Segmentation objects referencing the source series
    RtStruct,  ///< DICOM RT Structure Sets referencing the source series
};

/// "nifti", "dicom-seg" or "rtstruct"; Error naming the word otherwise.
ExportFormat exportFormatFromName(const std::string& name);
const char* exportFormatName(ExportFormat format);

/// How a label version was made, as a SEG's Segment Algorithm Type (an RTSTRUCT's ROI
/// Generation Algorithm) says it: a pseudo-label or an accepted one is AUTOMATIC with its
/// model's name and version, a correction SEMIAUTOMATIC (with the model of the pseudo-label it
/// corrects), a person's own label MANUAL.
DicomLabelOrigin labelOrigin(Project& project, const LabelVersionRecord& version);

/// Writes `version` (its voxels: `labels`, as loaded) as a DICOM SEG or RTSTRUCT at `path`,
/// referencing `source` (the volume's series, or its de-identified twin). `fractional`: a
/// pseudo-label's SEG holds its model's probabilities (the model is loaded and run again); other
/// versions are written binary. Returns a note for the manifest ("fractional", "binary: not a
/// pseudo-label"); Error names the file and the problem.
std::string writeDicomLabels(Project& project, const LabelVersionRecord& version,
                             const LabelMap& labels, ExportFormat format, const std::string& path,
                             const DicomSourceSeries& source, bool fractional);

class DicomUidMap;

/// The DICOM choices of an export (`segloop-cli export --format dicom-seg|rtstruct`).
struct DicomExportChoices {
    ExportFormat format = ExportFormat::DicomSeg;
    bool fractional = false;
    /// PS3.15 basic profile: patient identity removed, every UID replaced consistently across
    /// the SEG / RTSTRUCT and the source series written beside it.
    bool deidentify = false;
    bool sourceSeries = false;  ///< also the source series' files, in source/NAME/
};

/// What exportDicomLabels() wrote, for the manifest.
struct DicomLabelsWritten {
    std::string seriesUid;  ///< the source series as the file references it
    std::string note;
    size_t sourceFiles = 0;
};

/// Writes a volume's label version as `outputFolder`/`labelPath` (SEG or RTSTRUCT) referencing
/// the volume's series, de-identified through `uids` when asked, with the series' own files
/// in `outputFolder`/source/`name`/ when asked (copied, or de-identified copies). Errors name
/// the file and the problem (a source file that moved since the import, for example).
DicomLabelsWritten exportDicomLabels(Project& project, const LabelVersionRecord& version,
                                     const LabelMap& labels, const DicomExportChoices& choices,
                                     DicomUidMap& uids, const std::string& outputFolder,
                                     const std::string& labelPath, const std::string& name);

}  // namespace segloop
