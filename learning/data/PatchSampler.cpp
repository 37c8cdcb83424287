#include "learning/data/PatchSampler.h"

#include <algorithm>

#include "core/Error.h"

namespace segloop {

namespace {

const char* const kSubject = "patch sampler";

void checkSettings(const PatchSamplerSettings& settings) {
    for (int64_t extent : settings.patchSize) {
        if (extent < 1) {
            throw Error(kSubject, "patch size must be at least 1 voxel along each axis");
        }
    }
    if (!(settings.foregroundProbability >= 0.0 && settings.foregroundProbability <= 1.0)) {
        throw Error(kSubject, "foreground probability must lie in [0, 1]");
    }
    if (!(settings.intensityScale >= 0.0 && settings.intensityScale < 1.0)) {
        throw Error(kSubject, "intensity scale must lie in [0, 1)");
    }
    if (!(settings.intensityShift >= 0.0) || !(settings.noiseStd >= 0.0)) {
        throw Error(kSubject, "intensity shift and noise must not be negative");
    }
}

/// The unlabelled stream's seed: the sampler's seed moved by an odd constant (2^64 / golden
/// ratio), so the two streams never coincide.
uint64_t unlabelledSeed(uint64_t seed) {
    return seed ^ 0x9E3779B97F4A7C15ull;
}

constexpr char kStreamSeparator = '|';

}  // namespace

PatchSampler::PatchSampler(const TrainingCases& cases, const PatchSamplerSettings& settings,
                           const NormalisationSettings& normalisation)
    : settings_(settings),
      cache_(settings.cacheBytes, normalisation),
      labelledRandom_(settings.seed),
      unlabelledRandom_(unlabelledSeed(settings.seed)) {
    checkSettings(settings_);
    setCases(cases);
}

void PatchSampler::setCases(const TrainingCases& cases) {
    labelled_.clear();
    unlabelled_.clear();
    for (const TrainingCase& trainingCase : cases) {
        (trainingCase.labelled() ? labelled_ : unlabelled_).push_back(trainingCase);
    }
    cache_.retainOnly(cases);
}

Patch PatchSampler::nextLabelled() {
    return sampleFrom(labelled_, true);
}

Patch PatchSampler::nextUnlabelled() {
    return sampleFrom(unlabelled_, false);
}

Patch PatchSampler::sampleFrom(const TrainingCases& subset, bool labelled) {
    if (subset.empty()) {
        throw Error(kSubject, labelled ? "the dataset has no labelled case"
                                       : "the dataset has no unlabelled case");
    }
    // Draw order (part of the resume contract): case, origin, augmentation, noise.
    RandomStream& random = labelled ? labelledRandom_ : unlabelledRandom_;
    const TrainingCase& chosen = subset[random.uniformIndex(subset.size())];
    const std::shared_ptr<const PreparedCase> prepared = cache_.get(chosen);
    const std::array<int64_t, 3> origin = drawOrigin(*prepared, labelled, random);
    const PatchAugmentation augmentation = drawAugmentation(random);

    Patch patch;
    extractor_.extract(*prepared, origin, settings_.patchSize, augmentation, patch);
    if (settings_.noiseStd > 0.0) {
        random.addGaussianNoise(patch.image.data(), patch.image.size(), settings_.noiseStd);
    }
    return patch;
}

std::array<int64_t, 3> PatchSampler::drawOrigin(const PreparedCase& prepared, bool labelled,
                                                RandomStream& random) {
    const auto& volumeSize = prepared.geometry.size;
    const auto& patchSize = settings_.patchSize;
    // Valid origins along an axis: [0, S-P] when the volume is at least the patch, else
    // [S-P, 0] (the volume lies anywhere inside the padded patch).
    std::array<int64_t, 3> lowest{};
    std::array<int64_t, 3> highest{};
    for (int axis = 0; axis < 3; ++axis) {
        const int64_t slack = volumeSize[axis] - patchSize[axis];
        lowest[axis] = std::min<int64_t>(0, slack);
        highest[axis] = std::max<int64_t>(0, slack);
    }

    const bool aimAtForeground = labelled && random.chance(settings_.foregroundProbability) &&
                                 !prepared.foregroundIndices.empty();
    std::array<int64_t, 3> origin{};
    if (aimAtForeground) {
        const uint32_t index =
            prepared.foregroundIndices[random.uniformIndex(prepared.foregroundIndices.size())];
        const int64_t sliceVoxels = volumeSize[0] * volumeSize[1];
        const std::array<int64_t, 3> centre{
            index % volumeSize[0], (index / volumeSize[0]) % volumeSize[1], index / sliceVoxels};
        for (int axis = 0; axis < 3; ++axis) {
            origin[axis] =
                std::clamp(centre[axis] - patchSize[axis] / 2, lowest[axis], highest[axis]);
        }
    } else {
        for (int axis = 0; axis < 3; ++axis) {
            origin[axis] = random.uniformInt(lowest[axis], highest[axis]);
        }
    }
    return origin;
}

PatchAugmentation PatchSampler::drawAugmentation(RandomStream& random) {
    PatchAugmentation augmentation;
    if (settings_.flips) {
        for (bool& flip : augmentation.flip) {
            flip = random.chance(0.5);
        }
    }
    if (settings_.rotations && random.chance(0.5)) {
        const bool square = settings_.patchSize[0] == settings_.patchSize[1];
        augmentation.quarterTurns = square ? 1 + static_cast<int>(random.uniformIndex(3)) : 2;
    }
    if (settings_.intensityScale > 0.0) {
        augmentation.intensityScale = static_cast<float>(
            1.0 + random.uniform(-settings_.intensityScale, settings_.intensityScale));
    }
    if (settings_.intensityShift > 0.0) {
        augmentation.intensityShift =
            static_cast<float>(random.uniform(-settings_.intensityShift, settings_.intensityShift));
    }
    return augmentation;
}

std::string PatchSampler::saveState() const {
    return labelledRandom_.save() + kStreamSeparator + unlabelledRandom_.save();
}

void PatchSampler::restoreState(const std::string& state) {
    const size_t separator = state.find(kStreamSeparator);
    if (separator == std::string::npos) {
        labelledRandom_.restore(state);  // saved with one engine, before the split
        unlabelledRandom_ = RandomStream(unlabelledSeed(settings_.seed));
        return;
    }
    RandomStream labelled = labelledRandom_;
    labelled.restore(state.substr(0, separator));
    unlabelledRandom_.restore(state.substr(separator + 1));
    labelledRandom_ = labelled;
}

}  // namespace segloop
