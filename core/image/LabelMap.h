#pragma once

#include <cstdint>
#include <vector>

#include "core/image/ImageGeometry.h"

namespace segloop {

/// A segmentation: one class index per voxel (0 = background) on the grid of its image.
///
/// Classes are held as uint16 so that both uint8 and uint16 label files load without loss;
/// writers store uint8 when every class fits. Knows nothing of class names or colours (those
/// belong to the project's label set). A plain value, movable between threads.
struct LabelMap {
    ImageGeometry geometry;
    std::vector<uint16_t> labels;

    LabelMap() = default;
    explicit LabelMap(const ImageGeometry& grid) : geometry(grid), labels(grid.voxelCount(), 0) {}

    uint16_t at(int64_t i, int64_t j, int64_t k) const {
        return labels[geometry.linearIndex(i, j, k)];
    }
    uint16_t& at(int64_t i, int64_t j, int64_t k) { return labels[geometry.linearIndex(i, j, k)]; }

    /// Largest class index present (0 for an empty map).
    uint16_t maxLabel() const;
    /// Number of voxels of each class, indexed by class (size maxLabel() + 1).
    std::vector<size_t> classVoxelCounts() const;
};

}  // namespace segloop
