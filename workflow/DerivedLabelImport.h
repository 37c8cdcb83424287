#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/io/DicomSourceSeries.h"

namespace segloop {

class Project;

/// What a DICOM SEG or RTSTRUCT file is to the importer.
enum class DerivedDicomKind { None, Segmentation, RtStructureSet };

/// The kind of `path` by its SOP class (header only); None for images and other files.
DerivedDicomKind derivedDicomKind(const std::string& path);

/// What importing one SEG or RTSTRUCT did.
struct DerivedLabelImportResult {
    std::string path;
    int64_t volumeId = 0;                 ///< the volume whose series it references
    int64_t labelVersionId = 0;           ///< the new human label version
    std::vector<std::string> classNames;  ///< the segments / ROIs, in class order
    std::vector<std::string> addedClasses;
    std::vector<std::string> notes;  ///< e.g. contours left out
};

/// Imports a DICOM SEG (binary or fractional; overlapping segments: the higher segment number
/// wins) or RTSTRUCT (each ROI rasterised with the even-odd rule; overlapping ROIs: the later
/// wins) as a label version of kind human (author `author`, or the project's user) on the
/// volume whose series it references, matched by Referenced Series Instance UID and checked
/// against the frame of reference. Segments and ROIs map to the project's classes by name
/// (case-insensitive); names the project lacks are added as classes when `addMissingClasses`,
/// refused otherwise. Errors name the file and the problem (the source series is not in the
/// project: import it first; an unknown class name; a grid that does not match).
DerivedLabelImportResult importDerivedLabels(Project& project, const std::string& path,
                                             const std::string& author, bool addMissingClasses);

}  // namespace segloop
