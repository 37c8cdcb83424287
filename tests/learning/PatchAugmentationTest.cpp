// PatchSampler on synthetic cases: augmentations keep image and labels aligned and are rigid
// voxel permutations, small volumes are padded, new label revisions are picked up, bad grids fail.
#include <algorithm>
#include <cmath>
#include <set>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/NiftiWriter.h"
#include "learning/data/PatchSampler.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using test::TempDir;

ImageGeometry gridOf(int64_t nx, int64_t ny, int64_t nz) {
    ImageGeometry grid;
    grid.size = {nx, ny, nz};
    return grid;
}

/// Image f = 1 + x + 2.3 y + 3.7 z (no symmetry), label = f > threshold: any misalignment of a
/// flip or turn between image and labels breaks "every label-1 voxel is brighter than every
/// label-0 voxel".
TrainingCase writeRampCase(const TempDir& folder, const ImageGeometry& grid, double threshold) {
    Volume image(grid);
    LabelMap labels(grid);
    for (int64_t k = 0; k < grid.size[2]; ++k) {
        for (int64_t j = 0; j < grid.size[1]; ++j) {
            for (int64_t i = 0; i < grid.size[0]; ++i) {
                const double f = 1.0 + i + 2.3 * j + 3.7 * k;
                image.at(i, j, k) = static_cast<float>(f);
                labels.at(i, j, k) = f > threshold ? 1 : 0;
            }
        }
    }
    writeNiftiVolume(image, folder.file("ramp.nii.gz"));
    writeNiftiLabelMap(labels, folder.file("ramp-label.nii.gz"));
    return {"ramp", folder.file("ramp.nii.gz"), folder.file("ramp-label.nii.gz")};
}

void expectSeparated(const Patch& patch) {
    float brightestBackground = -1e30f;
    float darkestForeground = 1e30f;
    for (size_t i = 0; i < patch.image.size(); ++i) {
        if (patch.labels[i] > 0) {
            darkestForeground = std::min(darkestForeground, patch.image[i]);
        } else {
            brightestBackground = std::max(brightestBackground, patch.image[i]);
        }
    }
    EXPECT_LT(brightestBackground, darkestForeground) << "image and labels are misaligned";
}

TEST(PatchAugmentation, FlipsTurnsAndIntensityKeepImageAndLabelsAligned) {
    TempDir folder;
    const TrainingCase ramp = writeRampCase(folder, gridOf(30, 26, 14), 40.0);
    for (const std::array<int64_t, 3> patchSize :
         {std::array<int64_t, 3>{16, 16, 8}, std::array<int64_t, 3>{12, 20, 8}}) {
        PatchSamplerSettings settings;
        settings.patchSize = patchSize;
        settings.foregroundProbability = 0.5;  // patches across the boundary
        PatchSampler sampler({ramp}, settings);
        for (int i = 0; i < 150; ++i) {
            expectSeparated(sampler.nextLabelled());
        }
    }
}

TEST(PatchAugmentation, AugmentationsAreRigidPermutationsOfTheVoxels) {
    // Image value = linear index, read back after a [0, n] window: each output voxel tells which
    // source voxel it came from.
    TempDir folder;
    const ImageGeometry grid = gridOf(16, 16, 6);
    const int64_t n = static_cast<int64_t>(grid.voxelCount());
    Volume image(grid);
    LabelMap labels(grid);
    for (int64_t index = 0; index < n; ++index) {
        image.voxels[index] = static_cast<float>(index);
        labels.labels[index] = static_cast<uint16_t>(index % 7);
    }
    writeNiftiVolume(image, folder.file("index.nii"));
    writeNiftiLabelMap(labels, folder.file("index-label.nii"));
    NormalisationSettings window;
    window.mode = "window";
    window.windowLow = 0.0;
    window.windowHigh = static_cast<double>(n);

    PatchSamplerSettings settings;
    settings.patchSize = grid.size;
    settings.intensityScale = 0.0;
    settings.intensityShift = 0.0;
    settings.flips = true;  // off by default (Patch.h)
    settings.rotations = true;
    PatchSampler sampler({{"index", folder.file("index.nii"), folder.file("index-label.nii")}},
                         settings, window);
    std::set<std::array<int64_t, 3>> stridesSeen;
    for (int p = 0; p < 200; ++p) {
        const Patch patch = sampler.nextLabelled();
        std::vector<int64_t> source(patch.image.size());
        for (size_t i = 0; i < patch.image.size(); ++i) {
            source[i] = std::llround(static_cast<double>(patch.image[i]) * n);
            ASSERT_EQ(patch.labels[i], source[i] % 7) << "labels moved differently from image";
        }
        std::vector<int64_t> sorted = source;
        std::sort(sorted.begin(), sorted.end());
        for (int64_t index = 0; index < n; ++index) {
            ASSERT_EQ(sorted[index], index) << "not a permutation";
        }
        // Rigid: one step along an output axis is one constant step in the source.
        const std::array<int64_t, 3> strides{source[1] - source[0], source[16] - source[0],
                                             source[256] - source[0]};
        for (int64_t z = 0; z < 6; ++z) {
            for (int64_t y = 0; y < 16; ++y) {
                for (int64_t x = 0; x < 16; ++x) {
                    const int64_t expected =
                        source[0] + x * strides[0] + y * strides[1] + z * strides[2];
                    ASSERT_EQ(source[(z * 16 + y) * 16 + x], expected);
                }
            }
        }
        stridesSeen.insert(strides);
    }
    EXPECT_EQ(stridesSeen.size(), 16u) << "8 turns/flips in x-y times 2 flips in z";

    // By default no patch is flipped or turned: the side and position that tell classes apart
    // stay where they are.
    PatchSamplerSettings plain;
    plain.patchSize = grid.size;
    plain.intensityScale = 0.0;
    plain.intensityShift = 0.0;
    PatchSampler unflipped({{"index", folder.file("index.nii"), folder.file("index-label.nii")}},
                           plain, window);
    for (int p = 0; p < 50; ++p) {
        const Patch patch = unflipped.nextLabelled();
        for (int64_t index = 0; index < n; ++index) {
            ASSERT_EQ(std::llround(static_cast<double>(patch.image[size_t(index)]) * n), index);
        }
    }
}

TEST(PatchAugmentation, SmallVolumeIsPaddedWithBackground) {
    TempDir folder;
    const ImageGeometry grid = gridOf(10, 6, 4);
    const TrainingCase ramp = writeRampCase(folder, grid, 12.0);
    PatchSamplerSettings settings;
    settings.patchSize = {16, 16, 8};
    settings.flips = settings.rotations = false;
    settings.intensityScale = settings.intensityShift = 0.0;
    PatchSampler sampler({ramp}, settings);
    std::set<std::array<int64_t, 3>> origins;
    for (int p = 0; p < 40; ++p) {
        const Patch patch = sampler.nextLabelled();
        ASSERT_EQ(patch.size, settings.patchSize);
        for (int axis = 0; axis < 3; ++axis) {
            ASSERT_LE(patch.originVoxel[axis], 0);
            ASSERT_GE(patch.originVoxel[axis], grid.size[axis] - settings.patchSize[axis]);
        }
        origins.insert(patch.originVoxel);
        const float background = *std::min_element(patch.image.begin(), patch.image.end());
        size_t inside = 0;
        size_t foreground = 0;
        size_t index = 0;
        for (int64_t z = 0; z < 8; ++z) {
            for (int64_t y = 0; y < 16; ++y) {
                for (int64_t x = 0; x < 16; ++x, ++index) {
                    if (grid.contains(patch.originVoxel[0] + x, patch.originVoxel[1] + y,
                                      patch.originVoxel[2] + z)) {
                        ++inside;
                        foreground += patch.labels[index];
                    } else {
                        ASSERT_EQ(patch.image[index], background);
                        ASSERT_EQ(patch.labels[index], 0);
                    }
                }
            }
        }
        EXPECT_EQ(inside, grid.voxelCount());
        expectSeparated(patch);
        EXPECT_GT(foreground, 0u);
    }
    EXPECT_GT(origins.size(), 5u) << "the volume should land at random places in the patch";
}

TEST(PatchAugmentation, NewLabelRevisionIsPickedUpAndUnchangedCasesStayCached) {
    TempDir folder;
    const ImageGeometry grid = gridOf(20, 20, 10);
    const TrainingCase ramp = writeRampCase(folder, grid, 1e9);  // no foreground at all
    LabelMap corrected(grid);
    corrected.at(5, 6, 7) = 2;
    writeNiftiLabelMap(corrected, folder.file("corrected.nii.gz"));
    TrainingCase other = ramp;
    other.id = "other";

    PatchSamplerSettings settings;
    settings.patchSize = {8, 8, 8};
    settings.foregroundProbability = 1.0;
    PatchSampler sampler({ramp, other}, settings);
    for (int p = 0; p < 10; ++p) {
        const Patch patch = sampler.nextLabelled();
        ASSERT_EQ(*std::max_element(patch.labels.begin(), patch.labels.end()), 0);
    }
    ASSERT_EQ(sampler.cacheCounters().misses, 2u);

    TrainingCase fixed = ramp;
    fixed.labelPath = folder.file("corrected.nii.gz");
    sampler.setCases({fixed, other});
    int sawCorrection = 0;
    for (int p = 0; p < 30; ++p) {
        const Patch patch = sampler.nextLabelled();
        if (patch.caseId == fixed.id) {
            ASSERT_EQ(std::count(patch.labels.begin(), patch.labels.end(), 2), 1);
            ++sawCorrection;
        }
    }
    EXPECT_GT(sawCorrection, 0);
    EXPECT_EQ(sampler.cacheCounters().misses, 3u) << "only the corrected case is read again";
}

TEST(PatchAugmentation, LabelSizeMismatchNamesTheLabelFile) {
    TempDir folder;
    writeNiftiVolume(Volume(gridOf(12, 12, 12)), folder.file("image.nii.gz"));
    writeNiftiLabelMap(LabelMap(gridOf(12, 11, 12)), folder.file("short-label.nii.gz"));
    PatchSampler sampler(
        {{"short", folder.file("image.nii.gz"), folder.file("short-label.nii.gz")}},
        PatchSamplerSettings{});
    try {
        sampler.nextLabelled();
        FAIL() << "expected an Error";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find(folder.file("short-label.nii.gz")),
                  std::string::npos)
            << error.what();
    }
}

}  // namespace
}  // namespace segloop
