#pragma once

#include <cstdint>
#include <vector>

#include "core/io/DicomSourceSeries.h"

namespace segloop {

class Project;

/// The DICOM series a volume of the project was imported from, as a derived object (SEG,
/// RTSTRUCT) references it: patient and study to copy, series and frame of reference, one
/// instance per slice with its position, the volume's grid. Throws Error naming the volume
/// when it was imported from NIfTI (no DICOM instances to reference) or its instances do not
/// cover every slice.
DicomSourceSeries dicomSourceOfVolume(Project& project, int64_t volumeId);

/// The project's classes as segments (label, name, colour), for SEG and RTSTRUCT export.
std::vector<DicomSegmentDescription> projectSegments(Project& project);

}  // namespace segloop
