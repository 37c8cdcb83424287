#include "render/LabelComparison.h"

#include <algorithm>

#include "core/Error.h"
#include "core/image/LabelMap.h"
#include "render/OverlayColours.h"

namespace segloop::render {

namespace {

uint8_t changeCode(uint16_t before, uint16_t after) {
    if (before == after)
        return static_cast<uint8_t>(LabelChange::Same);
    if (after == 0)
        return static_cast<uint8_t>(LabelChange::Removed);
    if (before == 0)
        return static_cast<uint8_t>(LabelChange::Added);
    return static_cast<uint8_t>(LabelChange::Relabelled);
}

void requireSameGrid(const LabelMap& pseudoLabel, const LabelMap& corrected) {
    if (pseudoLabel.geometry.size != corrected.geometry.size ||
        pseudoLabel.labels.size() != corrected.labels.size()) {
        throw Error("label comparison", "the pseudo-label and its correction differ in size (" +
                                            pseudoLabel.geometry.describe() + " against " +
                                            corrected.geometry.describe() + ")");
    }
}

}  // namespace

std::vector<uint8_t> compareLabelMaps(const LabelMap& pseudoLabel, const LabelMap& corrected) {
    requireSameGrid(pseudoLabel, corrected);
    std::vector<uint8_t> changes(pseudoLabel.labels.size());
    for (size_t index = 0; index < changes.size(); ++index) {
        changes[index] = changeCode(pseudoLabel.labels[index], corrected.labels[index]);
    }
    return changes;
}

void updateLabelComparison(std::vector<uint8_t>& codes, const LabelMap& pseudoLabel,
                           const LabelMap& corrected, const VoxelBox& box) {
    requireSameGrid(pseudoLabel, corrected);
    if (codes.size() != corrected.labels.size()) {
        throw Error("label comparison", "the comparison holds " + std::to_string(codes.size()) +
                                            " voxels, the label maps " +
                                            std::to_string(corrected.labels.size()));
    }
    if (box.empty())
        return;
    const auto& size = corrected.geometry.size;
    VoxelBox clipped;
    for (size_t axis = 0; axis < 3; ++axis) {
        clipped.min[axis] = std::max<int64_t>(box.min[axis], 0);
        clipped.max[axis] = std::min<int64_t>(box.max[axis], size[axis] - 1);
    }
    if (clipped.empty())
        return;
    for (int64_t k = clipped.min[2]; k <= clipped.max[2]; ++k) {
        for (int64_t j = clipped.min[1]; j <= clipped.max[1]; ++j) {
            const size_t row = static_cast<size_t>((k * size[1] + j) * size[0]);
            for (int64_t i = clipped.min[0]; i <= clipped.max[0]; ++i) {
                const size_t index = row + static_cast<size_t>(i);
                codes[index] = changeCode(pseudoLabel.labels[index], corrected.labels[index]);
            }
        }
    }
}

}  // namespace segloop::render
