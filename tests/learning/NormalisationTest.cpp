// Intensity normalisation: z-score with percentile clipping, CT window, determinism.
#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "learning/data/IntensityNormaliser.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

std::string hippocampusImage(const std::string& number) {
    return test::testDataDir() + "/hippocampus/imagesTr/hippocampus_" + number + ".nii.gz";
}

struct Moments {
    double mean = 0.0;
    double std = 0.0;
};

/// Mean and standard deviation of `values` where `mask` is true.
Moments momentsOf(const std::vector<float>& values, const std::vector<bool>& mask) {
    double sum = 0.0;
    double squares = 0.0;
    size_t count = 0;
    for (size_t i = 0; i < values.size(); ++i) {
        if (mask[i]) {
            sum += values[i];
            squares += static_cast<double>(values[i]) * values[i];
            ++count;
        }
    }
    Moments moments;
    moments.mean = sum / count;
    moments.std = std::sqrt(squares / count - moments.mean * moments.mean);
    return moments;
}

TEST(Normalisation, ZScoreGivesZeroMeanUnitStdOnForegroundOfRealCase) {
    for (const std::string number : {"001", "004"}) {
        Volume volume = readNiftiVolume(hippocampusImage(number));
        std::vector<bool> foreground(volume.voxels.size());
        for (size_t i = 0; i < volume.voxels.size(); ++i) {
            foreground[i] = volume.voxels[i] != 0.0f;
        }
        const NormalisationResult result =
            IntensityNormaliser(NormalisationSettings{}).apply(volume);
        const Moments moments = momentsOf(volume.voxels, foreground);
        EXPECT_NEAR(moments.mean, 0.0, 1e-4) << number;
        EXPECT_NEAR(moments.std, 1.0, 1e-3) << number;
        // Clipped to the percentiles: nothing beyond the normalised clip limits.
        const float highest = static_cast<float>((result.clipHigh - result.offset) / result.scale);
        const float lowest = static_cast<float>((result.clipLow - result.offset) / result.scale);
        for (float v : volume.voxels) {
            ASSERT_LE(v, highest + 1e-5f);
            ASSERT_GE(v, lowest - 1e-5f);  // zero background is clipped too
        }
        EXPECT_LT(result.clipLow, result.clipHigh);
    }
}

TEST(Normalisation, PercentileInterpolatesLinearlyBetweenRanks) {
    std::vector<float> values{5, 1, 4, 2, 3};
    EXPECT_DOUBLE_EQ(percentileOf(values, 50.0), 3.0);
    EXPECT_DOUBLE_EQ(percentileOf(values, 25.0), 2.0);
    EXPECT_NEAR(percentileOf(values, 10.0), 1.4, 1e-12);
    EXPECT_DOUBLE_EQ(percentileOf(values, 0.0), 1.0);
    EXPECT_DOUBLE_EQ(percentileOf(values, 100.0), 5.0);
}

TEST(Normalisation, ZScoreClipsOutliersAndIgnoresZeroBackground) {
    std::vector<float> voxels(1000, 0.0f);  // background
    for (int i = 1; i <= 1000; ++i) {
        voxels.push_back(static_cast<float>(i));
    }
    voxels.push_back(1.0e6f);  // one outlier
    NormalisationSettings settings;
    settings.lowerPercentile = 1.0;
    settings.upperPercentile = 99.0;
    const NormalisationResult result = IntensityNormaliser(settings).apply(voxels);
    EXPECT_NEAR(result.clipLow, 1.0 + 0.01 * 1000, 1e-6);  // rank 10 of 1001 values from 1
    EXPECT_NEAR(result.clipHigh, 991.0, 1e-6);
    EXPECT_NEAR(result.offset, 500.6, 1.0);  // the clipped outlier no longer drags the mean
    EXPECT_FLOAT_EQ(voxels.back(), static_cast<float>((991.0 - result.offset) / result.scale));
}

TEST(Normalisation, AllZeroVolumeStaysFinite) {
    std::vector<float> voxels(64, 0.0f);
    const NormalisationResult result = IntensityNormaliser(NormalisationSettings{}).apply(voxels);
    EXPECT_DOUBLE_EQ(result.scale, IntensityNormaliser::kMinimumStd);
    for (float v : voxels) {
        EXPECT_EQ(v, 0.0f);
    }
}

TEST(Normalisation, WindowMapsToZeroOne) {
    Volume volume = readNiftiVolume(hippocampusImage("003"));
    NormalisationSettings settings;
    settings.mode = "window";
    settings.windowLow = 100.0;
    settings.windowHigh = 400.0;
    const Volume original = volume;
    IntensityNormaliser(settings).apply(volume);
    bool sawZero = false;
    bool sawOne = false;
    for (size_t i = 0; i < volume.voxels.size(); ++i) {
        const float v = volume.voxels[i];
        ASSERT_GE(v, 0.0f);
        ASSERT_LE(v, 1.0f);
        sawZero = sawZero || v == 0.0f;
        sawOne = sawOne || v == 1.0f;
        const double expected =
            (std::clamp(double(original.voxels[i]), 100.0, 400.0) - 100.0) / 300.0;
        ASSERT_NEAR(v, expected, 1e-6);
    }
    EXPECT_TRUE(sawZero);
    EXPECT_TRUE(sawOne);
}

TEST(Normalisation, IsDeterministic) {
    Volume first = readNiftiVolume(hippocampusImage("006"));
    Volume second = first;
    IntensityNormaliser(NormalisationSettings{}).apply(first);
    IntensityNormaliser(NormalisationSettings{}).apply(second);
    EXPECT_EQ(first.voxels, second.voxels);
}

TEST(Normalisation, RejectsInvalidSettings) {
    NormalisationSettings unknown;
    unknown.mode = "minmax";
    EXPECT_THROW(IntensityNormaliser{unknown}, Error);
    NormalisationSettings emptyWindow;
    emptyWindow.mode = "window";
    emptyWindow.windowLow = emptyWindow.windowHigh = 5.0;
    EXPECT_THROW(IntensityNormaliser{emptyWindow}, Error);
    NormalisationSettings swapped;
    swapped.lowerPercentile = 90.0;
    swapped.upperPercentile = 10.0;
    EXPECT_THROW(IntensityNormaliser{swapped}, Error);
}

}  // namespace
}  // namespace segloop
