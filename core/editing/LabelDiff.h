#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/editing/VoxelBox.h"
#include "core/image/ImageGeometry.h"
#include "core/image/LabelMap.h"

namespace segloop {

/// A run of consecutive voxels (linear index order, x fastest) that all went from `oldLabel`
/// to `newLabel`. 16 bytes whatever its length.
struct LabelRun {
    uint64_t start = 0;
    uint32_t length = 0;
    uint16_t oldLabel = 0;
    uint16_t newLabel = 0;
};

/// The voxels one edit changed, with their values before and after: sorted, non-overlapping,
/// run-length encoded runs, and the box that holds them. Applying it forwards (redo) or
/// backwards (undo) restores voxels exactly. Made by LabelDiffBuilder; a plain value.
class LabelDiff {
  public:
    LabelDiff() = default;

    const std::vector<LabelRun>& runs() const { return runs_; }
    bool empty() const { return runs_.empty(); }
    /// Number of voxels changed.
    size_t voxelCount() const { return voxelCount_; }
    /// The smallest box holding every changed voxel (empty when nothing changed).
    const VoxelBox& region() const { return region_; }
    /// Bytes this diff holds in memory.
    size_t memoryBytes() const { return sizeof(LabelDiff) + runs_.capacity() * sizeof(LabelRun); }

    /// Writes the new values (redo). `labels` must be on the grid the diff was made on.
    void applyNew(LabelMap& labels) const;
    /// Writes the old values back (undo).
    void applyOld(LabelMap& labels) const;

  private:
    friend class LabelDiffBuilder;
    std::vector<LabelRun> runs_;
    size_t voxelCount_ = 0;
    VoxelBox region_;
};

/// Collects voxel changes in any order and makes a LabelDiff of them. When one voxel is
/// recorded more than once, its first old value and its last new value count; voxels that end
/// where they began are left out. Changes recorded in increasing index order are encoded as
/// they come (no sort, no per-voxel memory); others are sorted once in finish().
class LabelDiffBuilder {
  public:
    explicit LabelDiffBuilder(const ImageGeometry& geometry) : size_(geometry.size) {}

    void record(size_t linearIndex, uint16_t oldLabel, uint16_t newLabel);
    bool empty() const { return runs_.empty(); }
    /// Hands over the diff and leaves the builder empty.
    LabelDiff finish();

  private:
    void sortAndMerge();
    VoxelBox regionOfRuns() const;

    std::array<int64_t, 3> size_;
    std::vector<LabelRun> runs_;
    bool sorted_ = true;
};

}  // namespace segloop
