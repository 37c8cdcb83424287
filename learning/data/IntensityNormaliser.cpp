#include "learning/data/IntensityNormaliser.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/Error.h"

namespace segloop {

namespace {

const char* const kSubject = "normalisation settings";

void clipAndScale(std::vector<float>& voxels, const NormalisationResult& result) {
    const double low = result.clipLow;
    const double high = result.clipHigh;
    const double offset = result.offset;
    const double inverseScale = 1.0 / result.scale;
    for (float& v : voxels) {
        const double clipped = std::min(std::max(static_cast<double>(v), low), high);
        v = static_cast<float>((clipped - offset) * inverseScale);
    }
}

}  // namespace

double percentileOf(std::vector<float>& values, double percent) {
    if (values.empty()) {
        return 0.0;
    }
    const double rank = std::clamp(percent, 0.0, 100.0) / 100.0 * (values.size() - 1);
    const size_t below = static_cast<size_t>(std::floor(rank));
    const double fraction = rank - below;
    std::nth_element(values.begin(), values.begin() + below, values.end());
    const double lowValue = values[below];
    if (below + 1 >= values.size() || fraction == 0.0) {
        return lowValue;
    }
    const double highValue = *std::min_element(values.begin() + below + 1, values.end());
    return lowValue + fraction * (highValue - lowValue);
}

IntensityNormaliser::IntensityNormaliser(const NormalisationSettings& settings)
    : settings_(settings) {
    if (settings_.mode == "zscore") {
        if (!(settings_.lowerPercentile >= 0.0 && settings_.lowerPercentile <= 100.0 &&
              settings_.upperPercentile >= settings_.lowerPercentile &&
              settings_.upperPercentile <= 100.0)) {
            throw Error(kSubject, "percentiles must satisfy 0 <= lower <= upper <= 100 (got " +
                                      std::to_string(settings_.lowerPercentile) + ", " +
                                      std::to_string(settings_.upperPercentile) + ")");
        }
    } else if (settings_.mode == "window") {
        if (!(settings_.windowHigh > settings_.windowLow)) {
            throw Error(kSubject, "window high must exceed window low (got [" +
                                      std::to_string(settings_.windowLow) + ", " +
                                      std::to_string(settings_.windowHigh) + "])");
        }
    } else {
        throw Error(kSubject,
                    "unknown mode '" + settings_.mode + "' (expected 'zscore' or 'window')");
    }
}

NormalisationResult IntensityNormaliser::apply(std::vector<float>& voxels) const {
    return settings_.mode == "window" ? applyWindow(voxels) : applyZScore(voxels);
}

NormalisationResult IntensityNormaliser::applyZScore(std::vector<float>& voxels) const {
    std::vector<float> foreground;
    foreground.reserve(voxels.size());
    for (float v : voxels) {
        if (v != 0.0f) {
            foreground.push_back(v);
        }
    }
    const bool allZero = foreground.empty();
    if (allZero) {
        foreground = voxels;
    }

    NormalisationResult result;
    result.clipLow = percentileOf(foreground, settings_.lowerPercentile);
    result.clipHigh = percentileOf(foreground, settings_.upperPercentile);

    // Mean and standard deviation of the clipped foreground (two passes, double accumulation).
    const auto clipped = [&](float v) {
        return std::min(std::max(static_cast<double>(v), result.clipLow), result.clipHigh);
    };
    double sum = 0.0;
    size_t count = 0;
    for (float v : voxels) {
        if (allZero || v != 0.0f) {
            sum += clipped(v);
            ++count;
        }
    }
    const double mean = count > 0 ? sum / count : 0.0;
    double squares = 0.0;
    for (float v : voxels) {
        if (allZero || v != 0.0f) {
            const double d = clipped(v) - mean;
            squares += d * d;
        }
    }
    const double std = count > 0 ? std::sqrt(squares / count) : 0.0;
    result.offset = mean;
    result.scale = std::max(std, kMinimumStd);
    clipAndScale(voxels, result);
    return result;
}

NormalisationResult IntensityNormaliser::applyWindow(std::vector<float>& voxels) const {
    NormalisationResult result;
    result.clipLow = settings_.windowLow;
    result.clipHigh = settings_.windowHigh;
    result.offset = settings_.windowLow;
    result.scale = settings_.windowHigh - settings_.windowLow;
    clipAndScale(voxels, result);
    return result;
}

}  // namespace segloop
