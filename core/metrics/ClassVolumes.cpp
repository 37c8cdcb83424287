#include "core/metrics/ClassVolumes.h"

#include <string>

#include "core/Error.h"

namespace segloop {

std::vector<ClassVolume> measureClassVolumes(const LabelMap& labels,
                                             const std::vector<uint16_t>& classes) {
    if (labels.labels.size() != labels.geometry.voxelCount()) {
        throw Error("label map", "holds " + std::to_string(labels.labels.size()) +
                                     " voxels but its grid is " + labels.geometry.describe());
    }
    // Every possible uint16 class has a counter: one branch-free pass over the voxels.
    std::vector<int64_t> counts(size_t{1} << 16, 0);
    for (const uint16_t label : labels.labels) {
        ++counts[label];
    }
    const Vec3& spacing = labels.geometry.spacingMm;
    const double voxelCubicMm = spacing[0] * spacing[1] * spacing[2];
    std::vector<ClassVolume> volumes;
    volumes.reserve(classes.size());
    for (const uint16_t label : classes) {
        const int64_t voxels = counts[label];
        // Divided last, so that a volume in mm^3 held exactly gives the nearest double in mL.
        volumes.push_back({label, voxels, static_cast<double>(voxels) * voxelCubicMm / 1000.0});
    }
    return volumes;
}

}  // namespace segloop
