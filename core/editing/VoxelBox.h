#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

namespace segloop {

/// An axis-aligned box of voxel indices, both corners inclusive: the region an edit changed,
/// so that a view redraws only that part. Empty when any max is below its min (the default).
/// A plain value.
struct VoxelBox {
    std::array<int64_t, 3> min{0, 0, 0};
    std::array<int64_t, 3> max{-1, -1, -1};

    bool empty() const { return max[0] < min[0] || max[1] < min[1] || max[2] < min[2]; }

    bool contains(int64_t i, int64_t j, int64_t k) const {
        return i >= min[0] && i <= max[0] && j >= min[1] && j <= max[1] && k >= min[2] &&
               k <= max[2];
    }

    /// Number of voxels inside the box (0 when empty).
    size_t voxelCount() const {
        if (empty()) {
            return 0;
        }
        size_t count = 1;
        for (int axis = 0; axis < 3; ++axis) {
            count *= static_cast<size_t>(max[axis] - min[axis] + 1);
        }
        return count;
    }

    /// Grows the box to hold voxel (i, j, k).
    void include(int64_t i, int64_t j, int64_t k) {
        const std::array<int64_t, 3> index{i, j, k};
        if (empty()) {
            min = index;
            max = index;
            return;
        }
        for (int axis = 0; axis < 3; ++axis) {
            min[axis] = std::min(min[axis], index[axis]);
            max[axis] = std::max(max[axis], index[axis]);
        }
    }

    /// Grows the box to hold another box (an empty one changes nothing).
    void include(const VoxelBox& other) {
        if (other.empty()) {
            return;
        }
        include(other.min[0], other.min[1], other.min[2]);
        include(other.max[0], other.max[1], other.max[2]);
    }

    bool operator==(const VoxelBox& other) const {
        return (empty() && other.empty()) || (min == other.min && max == other.max);
    }
    bool operator!=(const VoxelBox& other) const { return !(*this == other); }
};

}  // namespace segloop
