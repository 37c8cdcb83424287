#include "ui/viewer/LabelSubvolume.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace segloop::ui {

VoxelBox labelledBoxOf(const LabelMap& labels) {
    const auto& size = labels.geometry.size;
    VoxelBox box;
    size_t n = 0;
    for (int64_t k = 0; k < size[2]; ++k) {
        for (int64_t j = 0; j < size[1]; ++j) {
            for (int64_t i = 0; i < size[0]; ++i, ++n) {
                if (labels.labels[n] != 0)
                    box.include(i, j, k);
            }
        }
    }
    return box;
}

LabelMap copyLabelsInBox(const LabelMap& labels, const VoxelBox& box) {
    const ImageGeometry& whole = labels.geometry;
    std::array<int64_t, 3> low{};
    std::array<int64_t, 3> extent{};
    for (size_t axis = 0; axis < 3; ++axis) {
        low[axis] = std::max<int64_t>(box.min[axis] - 1, 0);
        const int64_t high = std::min<int64_t>(box.max[axis] + 1, whole.size[axis] - 1);
        extent[axis] = high - low[axis] + 1;
    }
    ImageGeometry part = whole;
    part.size = extent;
    part.originMm = whole.indexToWorld({double(low[0]), double(low[1]), double(low[2])});
    LabelMap copy(part);
    size_t out = 0;
    for (int64_t k = low[2]; k < low[2] + extent[2]; ++k) {
        for (int64_t j = low[1]; j < low[1] + extent[1]; ++j) {
            const size_t row = size_t((k * whole.size[1] + j) * whole.size[0] + low[0]);
            std::copy_n(labels.labels.begin() + long(row), extent[0],
                        copy.labels.begin() + long(out));
            out += size_t(extent[0]);
        }
    }
    return copy;
}

}  // namespace segloop::ui
