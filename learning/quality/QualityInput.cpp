#include "learning/quality/QualityInput.h"

#include <algorithm>

#include "core/Error.h"

namespace segloop {

std::vector<float> buildQualityInput(const std::vector<float>& image, float padValue,
                                     const LabelMap& mask, const QualitySettings& settings,
                                     const std::array<bool, 3>& flip) {
    const ImageGeometry& grid = mask.geometry;
    if (image.size() != grid.voxelCount() || mask.labels.size() != grid.voxelCount()) {
        throw Error("quality input", "the image and the mask must have the mask's voxel count");
    }
    std::array<int64_t, 3> low = grid.size, high{-1, -1, -1};
    for (int64_t k = 0; k < grid.size[2]; ++k) {
        for (int64_t j = 0; j < grid.size[1]; ++j) {
            for (int64_t i = 0; i < grid.size[0]; ++i) {
                if (mask.at(i, j, k) != 0) {
                    const std::array<int64_t, 3> p{i, j, k};
                    for (int a = 0; a < 3; ++a) {
                        low[a] = std::min(low[a], p[a]);
                        high[a] = std::max(high[a], p[a]);
                    }
                }
            }
        }
    }
    const auto& crop = settings.cropSize;
    std::array<int64_t, 3> start{};
    for (int a = 0; a < 3; ++a) {
        const int64_t centre = high[a] < 0 ? grid.size[a] / 2 : (low[a] + high[a] + 1) / 2;
        start[a] = grid.size[a] >= crop[a]
                       ? std::clamp<int64_t>(centre - crop[a] / 2, 0, grid.size[a] - crop[a])
                       : (grid.size[a] - crop[a]) / 2;
    }
    const int64_t channels = settings.inputChannels();
    const size_t block = size_t(crop[0] * crop[1] * crop[2]);
    std::vector<float> input(size_t(channels) * block, 0.0f);
    std::fill(input.begin(), input.begin() + long(block), padValue);
    for (int64_t z = 0; z < crop[2]; ++z) {
        const int64_t k = start[2] + (flip[2] ? crop[2] - 1 - z : z);
        for (int64_t y = 0; y < crop[1]; ++y) {
            const int64_t j = start[1] + (flip[1] ? crop[1] - 1 - y : y);
            for (int64_t x = 0; x < crop[0]; ++x) {
                const int64_t i = start[0] + (flip[0] ? crop[0] - 1 - x : x);
                if (!grid.contains(i, j, k)) {
                    continue;
                }
                const size_t source = grid.linearIndex(i, j, k);
                const size_t target = size_t((z * crop[1] + y) * crop[0] + x);
                input[target] = image[source];
                const uint16_t label = mask.labels[source];
                if (label > 0 && label < channels) {
                    input[size_t(label) * block + target] = 1.0f;
                }
            }
        }
    }
    return input;
}

std::vector<float> qualityTargets(const std::vector<double>& classDice, double overall) {
    std::vector<float> targets(classDice.begin(), classDice.end());
    targets.push_back(float(overall));
    return targets;
}

}  // namespace segloop
