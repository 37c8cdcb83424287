// PatchSampler on the real hippocampus cases: sizes, exact crops, foreground aim, subsets,
// determinism, resume from a saved state, and the time a patch takes.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "learning/data/IntensityNormaliser.h"
#include "learning/data/PatchSampler.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

TrainingCases hippocampusCases() {
    TrainingCases cases;
    for (const std::string number : {"001", "003", "004", "006"}) {
        const std::string stem = "hippocampus_" + number;
        const std::string folder = test::testDataDir() + "/hippocampus/";
        cases.push_back({stem, folder + "imagesTr/" + stem + ".nii.gz",
                         folder + "labelsTr/" + stem + ".nii.gz"});
    }
    return cases;
}

/// The four cases with the third one's label dropped: three labelled, one unlabelled.
TrainingCases casesWithOneUnlabelled() {
    TrainingCases cases = hippocampusCases();
    cases[2].labelPath.clear();
    return cases;
}

PatchSamplerSettings withoutAugmentation() {
    PatchSamplerSettings settings;
    settings.flips = false;
    settings.rotations = false;
    settings.intensityScale = 0.0;
    settings.intensityShift = 0.0;
    return settings;
}

bool samePatch(const Patch& a, const Patch& b) {
    return a.caseId == b.caseId && a.originVoxel == b.originVoxel && a.size == b.size &&
           a.image == b.image && a.labels == b.labels;
}

TEST(PatchSampler, PatchHasRequestedSize) {
    PatchSamplerSettings settings;
    settings.patchSize = {24, 40, 16};
    PatchSampler sampler(hippocampusCases(), settings);
    EXPECT_EQ(sampler.labelledCaseCount(), 4u);
    EXPECT_EQ(sampler.unlabelledCaseCount(), 0u);
    for (int i = 0; i < 10; ++i) {
        const Patch patch = sampler.nextLabelled();
        EXPECT_EQ(patch.size, settings.patchSize);
        EXPECT_EQ(patch.image.size(), size_t{24 * 40 * 16});
        EXPECT_EQ(patch.labels.size(), size_t{24 * 40 * 16});
    }
}

TEST(PatchSampler, PatchWithoutAugmentationIsTheSourceAtItsOrigin) {
    const TrainingCases cases = hippocampusCases();
    PatchSamplerSettings settings = withoutAugmentation();
    settings.patchSize = {32, 48, 32};
    PatchSampler sampler(cases, settings);
    for (int i = 0; i < 12; ++i) {
        const Patch patch = sampler.nextLabelled();
        const auto source = std::find_if(cases.begin(), cases.end(), [&](const TrainingCase& c) {
            return c.id == patch.caseId;
        });
        ASSERT_NE(source, cases.end());
        const LabelMap labels = readNiftiLabelMap(source->labelPath);
        Volume image = readNiftiVolume(source->imagePath);
        IntensityNormaliser(NormalisationSettings{}).apply(image);
        const float background = *std::min_element(image.voxels.begin(), image.voxels.end());
        size_t index = 0;
        for (int64_t z = 0; z < patch.size[2]; ++z) {
            for (int64_t y = 0; y < patch.size[1]; ++y) {
                for (int64_t x = 0; x < patch.size[0]; ++x, ++index) {
                    const int64_t i = patch.originVoxel[0] + x;
                    const int64_t j = patch.originVoxel[1] + y;
                    const int64_t k = patch.originVoxel[2] + z;
                    const bool inside = labels.geometry.contains(i, j, k);
                    ASSERT_EQ(patch.labels[index], inside ? labels.at(i, j, k) : 0);
                    ASSERT_EQ(patch.image[index], inside ? image.at(i, j, k) : background);
                }
            }
        }
    }
}

TEST(PatchSampler, ForegroundProbabilityOneGivesForegroundInEveryPatch) {
    PatchSamplerSettings settings;
    settings.patchSize = {8, 8, 8};  // small, so that a random patch would often miss it
    settings.foregroundProbability = 1.0;
    PatchSampler sampler(hippocampusCases(), settings);
    for (int i = 0; i < 100; ++i) {
        const Patch patch = sampler.nextLabelled();
        ASSERT_TRUE(std::any_of(patch.labels.begin(), patch.labels.end(),
                                [](uint8_t label) { return label > 0; }));
    }
    settings.foregroundProbability = 0.0;
    PatchSampler uniform(hippocampusCases(), settings);
    int empty = 0;
    for (int i = 0; i < 100; ++i) {
        const Patch patch = uniform.nextLabelled();
        empty += std::none_of(patch.labels.begin(), patch.labels.end(),
                              [](uint8_t label) { return label > 0; });
    }
    EXPECT_GT(empty, 10) << "uniform 8^3 patches of a ~35x50x35 volume should often miss";
}

TEST(PatchSampler, UnlabelledCasesNeverFeedLabelledPatches) {
    TrainingCases cases = hippocampusCases();
    cases[1].labelPath.clear();
    cases[3].labelPath.clear();
    PatchSampler sampler(cases, PatchSamplerSettings{});
    EXPECT_EQ(sampler.labelledCaseCount(), 2u);
    EXPECT_EQ(sampler.unlabelledCaseCount(), 2u);
    std::set<std::string> labelledSeen;
    std::set<std::string> unlabelledSeen;
    for (int i = 0; i < 60; ++i) {
        const Patch labelled = sampler.nextLabelled();
        EXPECT_FALSE(labelled.labels.empty());
        labelledSeen.insert(labelled.caseId);
        const Patch unlabelled = sampler.nextUnlabelled();
        EXPECT_TRUE(unlabelled.labels.empty());
        EXPECT_EQ(unlabelled.image.size(), unlabelled.voxelCount());
        unlabelledSeen.insert(unlabelled.caseId);
    }
    EXPECT_EQ(labelledSeen, (std::set<std::string>{cases[0].id, cases[2].id}));
    EXPECT_EQ(unlabelledSeen, (std::set<std::string>{cases[1].id, cases[3].id}));

    PatchSampler onlyLabelled(hippocampusCases(), PatchSamplerSettings{});
    EXPECT_THROW(onlyLabelled.nextUnlabelled(), Error);
}

TEST(PatchSampler, SameSeedGivesSamePatches) {
    PatchSamplerSettings settings;
    settings.noiseStd = 0.05;
    PatchSampler first(hippocampusCases(), settings);
    PatchSampler second(hippocampusCases(), settings);
    settings.seed = 2;
    PatchSampler otherSeed(hippocampusCases(), settings);
    int differences = 0;
    for (int i = 0; i < 10; ++i) {
        const Patch a = first.nextLabelled();
        ASSERT_TRUE(samePatch(a, second.nextLabelled()));
        differences += samePatch(a, otherSeed.nextLabelled()) ? 0 : 1;
    }
    EXPECT_GT(differences, 0);
}

TEST(PatchSampler, RestoredStateDrawsIdenticalPatches) {
    const TrainingCases cases = casesWithOneUnlabelled();
    PatchSamplerSettings settings;
    settings.noiseStd = 0.1;
    PatchSampler original(cases, settings);
    for (int i = 0; i < 7; ++i) {
        original.nextLabelled();
        original.nextUnlabelled();
    }
    const std::string state = original.saveState();
    std::vector<Patch> expected;
    for (int i = 0; i < 6; ++i) {
        expected.push_back(i % 3 == 0 ? original.nextUnlabelled() : original.nextLabelled());
    }

    settings.seed = 99;  // the restored state, not the seed, decides
    PatchSampler resumed(cases, settings);
    resumed.restoreState(state);
    for (int i = 0; i < 6; ++i) {
        const Patch patch = i % 3 == 0 ? resumed.nextUnlabelled() : resumed.nextLabelled();
        EXPECT_TRUE(samePatch(patch, expected[i])) << "patch " << i;
    }
    EXPECT_THROW(resumed.restoreState("not a state"), Error);
}

TEST(PatchSampler, LabelledPatchesDoNotDependOnTheUnlabelledDraws) {
    // supervised draws only labelled patches, the SSL methods interleave unlabelled ones: with
    // one seed all of them must train on the same labelled patches (paired comparisons).
    const TrainingCases cases = casesWithOneUnlabelled();
    PatchSamplerSettings settings;
    settings.noiseStd = 0.1;
    PatchSampler labelledOnly(cases, settings);
    PatchSampler interleaved(cases, settings);
    for (int i = 0; i < 8; ++i) {
        const Patch expected = labelledOnly.nextLabelled();
        for (int u = 0; u < i % 3; ++u) {
            interleaved.nextUnlabelled();
        }
        EXPECT_TRUE(samePatch(interleaved.nextLabelled(), expected)) << "patch " << i;
    }
    // the two streams are not copies of one another
    const std::string state = PatchSampler(cases, settings).saveState();
    const size_t separator = state.find('|');
    ASSERT_NE(separator, std::string::npos);
    EXPECT_NE(state.substr(0, separator), state.substr(separator + 1));
}

TEST(PatchSampler, RestoresAStateSavedWithOneEngine) {
    // Checkpoints written before the labelled and unlabelled streams were split hold one
    // engine's state: it restores the labelled stream, and the unlabelled one starts afresh.
    const TrainingCases cases = casesWithOneUnlabelled();
    PatchSamplerSettings settings;
    PatchSampler original(cases, settings);
    original.nextLabelled();
    const std::string both = original.saveState();
    const std::string labelledOnly = both.substr(0, both.find('|'));
    ASSERT_NE(labelledOnly.size(), both.size());
    const Patch expected = original.nextLabelled();

    settings.seed = 99;
    PatchSampler resumed(cases, settings);
    resumed.restoreState(labelledOnly);
    EXPECT_TRUE(samePatch(resumed.nextLabelled(), expected));
    EXPECT_TRUE(
        samePatch(resumed.nextUnlabelled(), PatchSampler(cases, settings).nextUnlabelled()));
    // a failed restore changes nothing
    const std::string before = resumed.saveState();
    EXPECT_THROW(resumed.restoreState(labelledOnly + "|not a state"), Error);
    EXPECT_EQ(resumed.saveState(), before);
}

TEST(PatchSampler, IntensityAugmentationIsAScaleAndShiftWithinTheirRanges) {
    // Without flips and turns the first patch of a seed has the same origin with or without
    // the intensity draws (they come after the origin); fit augmented = plain * scale + shift.
    PatchSamplerSettings settings = withoutAugmentation();
    settings.intensityScale = 0.1;
    settings.intensityShift = 0.1;
    for (uint64_t seed = 1; seed <= 5; ++seed) {
        settings.seed = seed;
        PatchSampler augmented(hippocampusCases(), settings);
        PatchSampler reference(hippocampusCases(), withoutAugmentation());
        reference.restoreState(augmented.saveState());
        const Patch a = reference.nextLabelled();
        const Patch b = augmented.nextLabelled();
        ASSERT_EQ(a.originVoxel, b.originVoxel);
        const auto [low, high] = std::minmax_element(a.image.begin(), a.image.end());
        const size_t lowIndex = low - a.image.begin();
        const size_t highIndex = high - a.image.begin();
        const double scale = (b.image[highIndex] - b.image[lowIndex]) / (*high - *low);
        const double shift = b.image[lowIndex] - scale * *low;
        EXPECT_GE(scale, 0.9);
        EXPECT_LE(scale, 1.1);
        EXPECT_GE(shift, -0.1 - 1e-5);
        EXPECT_LE(shift, 0.1 + 1e-5);
        for (size_t i = 0; i < a.image.size(); ++i) {
            ASSERT_NEAR(b.image[i], a.image[i] * scale + shift, 1e-4);
        }
    }
}

TEST(PatchSampler, NoiseHasTheRequestedStandardDeviation) {
    // Noise is drawn last, so the first patch of the same seed differs only by the noise.
    PatchSamplerSettings settings;
    PatchSampler clean(hippocampusCases(), settings);
    settings.noiseStd = 0.2;
    PatchSampler noisy(hippocampusCases(), settings);
    const Patch a = clean.nextLabelled();
    const Patch b = noisy.nextLabelled();
    ASSERT_EQ(a.originVoxel, b.originVoxel);
    ASSERT_EQ(a.labels, b.labels);
    double sum = 0.0;
    double squares = 0.0;
    for (size_t i = 0; i < a.image.size(); ++i) {
        const double difference = static_cast<double>(b.image[i]) - a.image[i];
        sum += difference;
        squares += difference * difference;
    }
    const double mean = sum / a.image.size();
    EXPECT_NEAR(mean, 0.0, 0.01);
    EXPECT_NEAR(std::sqrt(squares / a.image.size() - mean * mean), 0.2, 0.005);
}

TEST(PatchSampler, RejectsInvalidSettings) {
    PatchSamplerSettings settings;
    settings.patchSize = {0, 8, 8};
    EXPECT_THROW(PatchSampler(hippocampusCases(), settings), Error);
    settings = PatchSamplerSettings{};
    settings.foregroundProbability = 1.5;
    EXPECT_THROW(PatchSampler(hippocampusCases(), settings), Error);
    settings = PatchSamplerSettings{};
    settings.intensityScale = 1.0;
    EXPECT_THROW(PatchSampler(hippocampusCases(), settings), Error);
    EXPECT_THROW(PatchSampler(TrainingCases{}, PatchSamplerSettings{}).nextLabelled(), Error);
}

/// Microseconds per labelled patch from a warm cache.
double microsecondsPerPatch(const PatchSamplerSettings& settings) {
    PatchSampler sampler(hippocampusCases(), settings);
    for (int i = 0; i < 8; ++i) {
        sampler.nextLabelled();  // fill the cache
    }
    constexpr int kPatches = 400;
    const auto start = std::chrono::steady_clock::now();
    size_t checksum = 0;
    for (int i = 0; i < kPatches; ++i) {
        checksum += sampler.nextLabelled().labels[i % 100];
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(sampler.cacheCounters().misses, 4u);
    EXPECT_GE(checksum, 0u);
    return std::chrono::duration<double, std::micro>(elapsed).count() / kPatches;
}

// Prints the time a patch takes (no assertion on it: machines differ).
TEST(PatchSampler, TimePerPatch) {
    PatchSamplerSettings settings;
    std::printf("[ timing   ] 32x48x32 labelled patch, warm cache: %.1f us\n",
                microsecondsPerPatch(settings));
    settings.noiseStd = 0.1;
    std::printf("[ timing   ] same, with Gaussian noise: %.1f us\n",
                microsecondsPerPatch(settings));
}

}  // namespace
}  // namespace segloop
