#include <gtest/gtest.h>

#include "learning/data/PatchPlanning.h"

namespace segloop {
namespace {

using Sizes = std::vector<std::array<int64_t, 3>>;
using Patch = std::array<int64_t, 3>;

int64_t voxels(const Patch& patch) {
    return patch[0] * patch[1] * patch[2];
}

TEST(PatchPlanning, HippocampusCropsKeepTheMeasuredPatch) {
    // Median of the 261 hippocampus training crops: 35x50x36.
    const Sizes sizes{{35, 50, 36}, {31, 40, 24}, {43, 59, 47}, {36, 52, 35}, {34, 48, 37}};
    EXPECT_EQ(plannedPatchSize(sizes, {8, 8, 8}), (Patch{32, 48, 32}));
}

TEST(PatchPlanning, ThinStacksGetAFlatWidePatch) {
    // ACDC: 160x160 in-plane, 6 to 18 slices, median 9.
    const Sizes sizes{{160, 160, 9}, {160, 160, 6}, {160, 160, 18}, {160, 160, 10}, {160, 160, 8}};
    const Patch patch = plannedPatchSize(sizes, {8, 8, 8});
    EXPECT_EQ(patch, (Patch{72, 80, 8}));
    EXPECT_LE(voxels(patch), kDefaultPatchVoxels);
}

TEST(PatchPlanning, SmallVolumesGetTheirWholeAlignedSize) {
    EXPECT_EQ(plannedPatchSize({{20, 13, 5}}, {8, 8, 8}), (Patch{24, 16, 8}));
    EXPECT_EQ(plannedPatchSize({{20, 13, 5}}, {4, 4, 1}), (Patch{20, 16, 5}));
}

TEST(PatchPlanning, EveryPatchIsAlignedAndWithinTheBudget) {
    for (const Patch& size :
         {Patch{512, 512, 300}, Patch{256, 256, 1}, Patch{9, 700, 33}, Patch{1, 1, 1}}) {
        for (const Patch& alignment : {Patch{8, 8, 8}, Patch{16, 16, 1}, Patch{1, 1, 1}}) {
            const Patch patch = plannedPatchSize({size}, alignment, 40000);
            for (size_t axis = 0; axis < 3; ++axis) {
                EXPECT_EQ(patch[axis] % alignment[axis], 0);
                EXPECT_GE(patch[axis], alignment[axis]);
            }
            const bool smallest = patch == alignment;
            EXPECT_TRUE(voxels(patch) <= 40000 || smallest);
        }
    }
}

TEST(PatchPlanning, LargeIsotropicVolumesGetACube) {
    EXPECT_EQ(plannedPatchSize({{512, 512, 512}}, {8, 8, 8}, 32 * 32 * 32), (Patch{32, 32, 32}));
}

TEST(PatchPlanning, TheMedianIgnoresOutliers) {
    const Sizes sizes{{40, 40, 40}, {40, 40, 40}, {400, 400, 400}};
    EXPECT_EQ(plannedPatchSize(sizes, {8, 8, 8}), (Patch{32, 32, 40}));
}

TEST(PatchPlanning, NoSizesGiveTheDefault) {
    EXPECT_EQ(plannedPatchSize({}, {8, 8, 8}), (Patch{32, 48, 32}));
}

}  // namespace
}  // namespace segloop
