#include "core/editing/LabelDiff.h"

#include <algorithm>
#include <limits>

namespace segloop {
namespace {

constexpr uint32_t kLongestRun = std::numeric_limits<uint32_t>::max();

/// One voxel's change, as sortAndMerge() sees it.
struct VoxelChange {
    uint64_t index;
    uint16_t oldLabel;
    uint16_t newLabel;
};

void appendChange(std::vector<LabelRun>& runs, uint64_t index, uint16_t oldLabel,
                  uint16_t newLabel) {
    if (!runs.empty()) {
        LabelRun& last = runs.back();
        if (last.start + last.length == index && last.oldLabel == oldLabel &&
            last.newLabel == newLabel && last.length < kLongestRun) {
            ++last.length;
            return;
        }
    }
    runs.push_back(LabelRun{index, 1, oldLabel, newLabel});
}

void writeRuns(const std::vector<LabelRun>& runs, LabelMap& labels, bool newValues) {
    for (const LabelRun& run : runs) {
        const auto first = labels.labels.begin() + static_cast<std::ptrdiff_t>(run.start);
        std::fill(first, first + run.length, newValues ? run.newLabel : run.oldLabel);
    }
}

}  // namespace

void LabelDiff::applyNew(LabelMap& labels) const {
    writeRuns(runs_, labels, true);
}

void LabelDiff::applyOld(LabelMap& labels) const {
    writeRuns(runs_, labels, false);
}

void LabelDiffBuilder::record(size_t linearIndex, uint16_t oldLabel, uint16_t newLabel) {
    if (!runs_.empty()) {
        const LabelRun& last = runs_.back();
        if (linearIndex < last.start + last.length) {
            sorted_ = false;  // out of order or a voxel seen again: sorted in finish()
        }
    }
    if (sorted_ && oldLabel == newLabel) {
        return;
    }
    appendChange(runs_, linearIndex, oldLabel, newLabel);
}

void LabelDiffBuilder::sortAndMerge() {
    std::vector<VoxelChange> changes;
    size_t total = 0;
    for (const LabelRun& run : runs_) {
        total += run.length;
    }
    changes.reserve(total);
    for (const LabelRun& run : runs_) {
        for (uint32_t offset = 0; offset < run.length; ++offset) {
            changes.push_back(VoxelChange{run.start + offset, run.oldLabel, run.newLabel});
        }
    }
    runs_.clear();
    runs_.shrink_to_fit();
    std::stable_sort(changes.begin(), changes.end(),
                     [](const VoxelChange& a, const VoxelChange& b) { return a.index < b.index; });
    size_t first = 0;
    while (first < changes.size()) {
        size_t last = first;
        while (last + 1 < changes.size() && changes[last + 1].index == changes[first].index) {
            ++last;
        }
        const uint16_t oldLabel = changes[first].oldLabel;
        const uint16_t newLabel = changes[last].newLabel;
        if (oldLabel != newLabel) {
            appendChange(runs_, changes[first].index, oldLabel, newLabel);
        }
        first = last + 1;
    }
    sorted_ = true;
}

VoxelBox LabelDiffBuilder::regionOfRuns() const {
    VoxelBox region;
    const uint64_t rowLength = static_cast<uint64_t>(size_[0]);
    const uint64_t columnLength = static_cast<uint64_t>(size_[1]);
    const uint64_t sliceLength = rowLength * columnLength;
    for (const LabelRun& run : runs_) {
        const uint64_t end = run.start + run.length - 1;
        const int64_t i0 = static_cast<int64_t>(run.start % rowLength);
        const int64_t j0 = static_cast<int64_t>((run.start / rowLength) % columnLength);
        const int64_t k0 = static_cast<int64_t>(run.start / sliceLength);
        const int64_t i1 = static_cast<int64_t>(end % rowLength);
        const int64_t j1 = static_cast<int64_t>((end / rowLength) % columnLength);
        const int64_t k1 = static_cast<int64_t>(end / sliceLength);
        const bool oneRow = run.start / rowLength == end / rowLength;
        const bool oneSlice = k0 == k1;
        // A run over several rows holds the last voxel of one row and the first of the next,
        // so it spans the whole row width (likewise slices and the column height).
        region.include(oneRow ? i0 : 0, oneSlice ? j0 : 0, k0);
        region.include(oneRow ? i1 : size_[0] - 1, oneSlice ? j1 : size_[1] - 1, k1);
    }
    return region;
}

LabelDiff LabelDiffBuilder::finish() {
    if (!sorted_) {
        sortAndMerge();
    }
    LabelDiff diff;
    diff.region_ = regionOfRuns();
    for (const LabelRun& run : runs_) {
        diff.voxelCount_ += run.length;
    }
    runs_.shrink_to_fit();
    diff.runs_ = std::move(runs_);
    runs_.clear();
    sorted_ = true;
    return diff;
}

}  // namespace segloop
