#pragma once

#include <cstdint>

namespace segloop {
class Project;
}

namespace segloop::cli {

/// Prints, for `info PROJECT VOLUME_ID`, the voxel count and volume (mL) of each class of the
/// volume's label of record (LabelVersionRepository::labelOfRecord), with the class names of
/// its label set, or "no label of record". A label file that cannot be read is reported on the
/// table's line, not thrown: the rest of `info` stays useful.
void printClassVolumeTable(Project& project, int64_t volumeId);

}  // namespace segloop::cli
