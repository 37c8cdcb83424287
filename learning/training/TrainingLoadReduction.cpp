#include "learning/training/TrainingLoadReduction.h"

#include <algorithm>

namespace segloop {
namespace {

/// Halves `batch` down to `floor`; nullopt when it is at or below `floor`.
std::optional<int64_t> halvedBatch(int64_t batch, int64_t floor) {
    if (batch <= floor) {
        return std::nullopt;
    }
    return std::max(floor, batch / 2);
}

}  // namespace

std::string patchText(const std::array<int64_t, 3>& patch) {
    return std::to_string(patch[0]) + "x" + std::to_string(patch[1]) + "x" +
           std::to_string(patch[2]);
}

TrainingLoadReduction::TrainingLoadReduction(bool unlabelledUsed, int64_t sizeDivisor,
                                             bool poolsAlongZ)
    : unlabelledUsed_(unlabelledUsed),
      sizeDivisor_(std::max<int64_t>(1, sizeDivisor)),
      poolsAlongZ_(poolsAlongZ) {}

std::array<int64_t, 3> TrainingLoadReduction::smallerPatch(
    const std::array<int64_t, 3>& patch) const {
    std::array<int64_t, 3> smaller = patch;
    for (size_t axis = 0; axis < 3; ++axis) {
        const bool pooled = axis < 2 || poolsAlongZ_;
        const int64_t divisor = pooled ? sizeDivisor_ : 1;
        const int64_t floor = pooled ? 2 * sizeDivisor_ : 1;
        const int64_t wanted = (patch[axis] * 3 / 4) / divisor * divisor;
        if (patch[axis] > floor) {
            smaller[axis] = std::max(floor, wanted);
        }
    }
    return smaller;
}

std::optional<LoadLowering> TrainingLoadReduction::lower(TrainingSettings& settings) const {
    auto lowerBatch = [](const char* what, int64_t& batch,
                         int64_t floor) -> std::optional<LoadLowering> {
        const std::optional<int64_t> lowered = halvedBatch(batch, floor);
        if (!lowered) {
            return std::nullopt;
        }
        LoadLowering change{what, std::to_string(batch), std::to_string(*lowered)};
        batch = *lowered;
        return change;
    };
    if (unlabelledUsed_) {
        if (auto change = lowerBatch("unlabelled batch", settings.unlabelledPerBatch, 2)) {
            return change;
        }
    }
    if (auto change = lowerBatch("labelled batch", settings.labelledPerBatch, 2)) {
        return change;
    }
    std::array<int64_t, 3>& patch = settings.sampler.patchSize;
    const std::array<int64_t, 3> smaller = smallerPatch(patch);
    if (smaller != patch) {
        LoadLowering change{"patch", patchText(patch), patchText(smaller)};
        patch = smaller;
        return change;
    }
    if (unlabelledUsed_) {
        if (auto change = lowerBatch("unlabelled batch", settings.unlabelledPerBatch, 1)) {
            return change;
        }
    }
    return lowerBatch("labelled batch", settings.labelledPerBatch, 1);
}

std::string TrainingLoadReduction::describe(const TrainingSettings& settings, bool unlabelledUsed) {
    std::string text = "labelled batch " + std::to_string(settings.labelledPerBatch);
    if (unlabelledUsed) {
        text += ", unlabelled batch " + std::to_string(settings.unlabelledPerBatch);
    }
    return text + ", patch " + patchText(settings.sampler.patchSize);
}

}  // namespace segloop
