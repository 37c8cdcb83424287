#include "core/metrics/ClassVolumes.h"

#include <algorithm>
#include <string>

#include "core/Error.h"

namespace segloop {

namespace {

void checkSize(const LabelMap& labels) {
    if (labels.labels.size() != labels.geometry.voxelCount()) {
        throw Error("label map", "holds " + std::to_string(labels.labels.size()) +
                                     " voxels but its grid is " + labels.geometry.describe());
    }
}

ClassVolume classVolume(uint16_t label, int64_t voxels, const Vec3& spacing) {
    const double voxelCubicMm = spacing[0] * spacing[1] * spacing[2];
    // Divided last, so that a volume in mm^3 held exactly gives the nearest double in mL.
    return {label, voxels, static_cast<double>(voxels) * voxelCubicMm / 1000.0};
}

}  // namespace

std::vector<ClassVolume> measureClassVolumes(const LabelMap& labels,
                                             const std::vector<uint16_t>& classes) {
    checkSize(labels);
    // Every possible uint16 class has a counter: one branch-free pass over the voxels.
    std::vector<int64_t> counts(size_t{1} << 16, 0);
    for (const uint16_t label : labels.labels) {
        ++counts[label];
    }
    std::vector<ClassVolume> volumes;
    volumes.reserve(classes.size());
    for (const uint16_t label : classes) {
        volumes.push_back(classVolume(label, counts[label], labels.geometry.spacingMm));
    }
    return volumes;
}

SliceClassCounts::SliceClassCounts(const LabelMap& labels, std::vector<uint16_t> classes)
    : classes_(std::move(classes)), spacingMm_(labels.geometry.spacingMm) {
    checkSize(labels);
    perSlice_.assign(size_t(labels.geometry.size[2]), std::vector<int64_t>(classes_.size(), 0));
    recount(labels, 0, labels.geometry.size[2] - 1);
}

void SliceClassCounts::recount(const LabelMap& labels, int64_t firstSlice, int64_t lastSlice) {
    checkSize(labels);
    const auto& size = labels.geometry.size;
    if (size_t(size[2]) != perSlice_.size()) {
        throw Error("label map", "has " + std::to_string(size[2]) + " slices, not the " +
                                     std::to_string(perSlice_.size()) + " counted");
    }
    const size_t sliceVoxels = size_t(size[0] * size[1]);
    std::vector<int64_t> counts(size_t{1} << 16, 0);
    for (int64_t k = std::max<int64_t>(0, firstSlice); k <= std::min(lastSlice, size[2] - 1); ++k) {
        std::fill(counts.begin(), counts.end(), 0);
        const uint16_t* slice = labels.labels.data() + size_t(k) * sliceVoxels;
        for (size_t n = 0; n < sliceVoxels; ++n)
            ++counts[slice[n]];
        for (size_t c = 0; c < classes_.size(); ++c)
            perSlice_[size_t(k)][c] = counts[classes_[c]];
    }
}

std::vector<ClassVolume> SliceClassCounts::volumes() const {
    std::vector<ClassVolume> volumes;
    for (size_t c = 0; c < classes_.size(); ++c) {
        int64_t voxels = 0;
        for (const std::vector<int64_t>& slice : perSlice_)
            voxels += slice[c];
        volumes.push_back(classVolume(classes_[c], voxels, spacingMm_));
    }
    return volumes;
}

}  // namespace segloop
