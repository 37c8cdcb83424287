#include "learning/data/PatchPlanning.h"

#include <algorithm>

#include "learning/data/Patch.h"

namespace segloop {
namespace {

double medianOfAxis(const std::vector<std::array<int64_t, 3>>& sizes, size_t axis) {
    std::vector<int64_t> values;
    values.reserve(sizes.size());
    for (const auto& size : sizes)
        values.push_back(std::max<int64_t>(size[axis], 1));
    std::sort(values.begin(), values.end());
    const size_t middle = values.size() / 2;
    if (values.size() % 2 == 1)
        return static_cast<double>(values[middle]);
    return 0.5 * static_cast<double>(values[middle - 1] + values[middle]);
}

int64_t voxels(const std::array<int64_t, 3>& patch) {
    return patch[0] * patch[1] * patch[2];
}

}  // namespace

std::array<int64_t, 3> plannedPatchSize(const std::vector<std::array<int64_t, 3>>& volumeSizes,
                                        const std::array<int64_t, 3>& alignment,
                                        int64_t voxelBudget) {
    if (volumeSizes.empty())
        return PatchSamplerSettings{}.patchSize;
    std::array<double, 3> median{};
    std::array<int64_t, 3> step{};
    std::array<int64_t, 3> patch{};
    for (size_t axis = 0; axis < 3; ++axis) {
        median[axis] = medianOfAxis(volumeSizes, axis);
        step[axis] = std::max<int64_t>(alignment[axis], 1);
        const auto wanted = static_cast<int64_t>(median[axis] + 0.999);
        patch[axis] = std::max<int64_t>(1, (wanted + step[axis] - 1) / step[axis]) * step[axis];
    }
    while (voxels(patch) > voxelBudget) {
        int best = -1;
        for (int axis = 0; axis < 3; ++axis) {
            if (patch[axis] <= step[axis])
                continue;
            if (best < 0)
                best = axis;
            const double cover = static_cast<double>(patch[axis]) / median[axis];
            const double bestCover = static_cast<double>(patch[best]) / median[best];
            if (cover > bestCover || (cover == bestCover && patch[axis] > patch[best]))
                best = axis;
        }
        if (best < 0)
            break;  // every axis at one step: the smallest patch the network takes
        patch[best] -= step[best];
    }
    return patch;
}

}  // namespace segloop
