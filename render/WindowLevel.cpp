#include "render/WindowLevel.h"

#include <algorithm>
#include <cmath>

#include "core/image/Volume.h"

namespace segloop::render {

namespace {

/// At most this many voxels go into a percentile estimate (a strided sample of larger volumes).
constexpr size_t kMaxPercentileSamples = 1u << 20;

std::vector<float> sampledValues(const Volume& volume) {
    const size_t count = volume.voxels.size();
    const size_t stride = std::max<size_t>(1, count / kMaxPercentileSamples);
    std::vector<float> values;
    values.reserve(count / stride + 1);
    for (size_t index = 0; index < count; index += stride) {
        if (std::isfinite(volume.voxels[index]))
            values.push_back(volume.voxels[index]);
    }
    return values;
}

float percentileOf(std::vector<float>& values, double percent) {
    const double clamped = std::clamp(percent, 0.0, 100.0);
    const auto rank = static_cast<size_t>(std::llround(clamped / 100.0 * (values.size() - 1)));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank),
                     values.end());
    return values[rank];
}

}  // namespace

std::vector<WindowLevelPreset> ctWindowLevelPresets() {
    return {
        {"CT soft tissue", {400.0, 40.0}}, {"CT lung", {1500.0, -600.0}},
        {"CT bone", {1800.0, 400.0}},      {"CT brain", {80.0, 40.0}},
        {"CT liver", {150.0, 60.0}},
    };
}

std::vector<WindowLevelPreset> mrWindowLevelPresets(const Volume& volume) {
    return {
        {"MR full range", percentileWindowLevel(volume, 0.5, 99.5)},
        {"MR contrast", percentileWindowLevel(volume, 2.0, 98.0)},
        {"MR bright", percentileWindowLevel(volume, 50.0, 99.9)},
    };
}

WindowLevel percentileWindowLevel(const Volume& volume, double lowerPercent, double upperPercent) {
    std::vector<float> values = sampledValues(volume);
    if (values.empty())
        return {1.0, 0.0};
    const double lower = percentileOf(values, lowerPercent);
    const double upper = percentileOf(values, upperPercent);
    if (!(upper > lower))
        return {1.0, lower};
    return {upper - lower, (upper + lower) / 2.0};
}

}  // namespace segloop::render
