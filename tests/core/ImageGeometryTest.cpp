// Index/world transforms of ImageGeometry on hand-made grids with known answers.
#include <gtest/gtest.h>

#include "core/image/ImageGeometry.h"
#include "core/image/LabelMap.h"

namespace segloop {
namespace {

ImageGeometry swappedAxesGrid() {
    ImageGeometry grid;
    grid.size = {10, 20, 30};
    grid.spacingMm = {0.5, 2.0, 3.0};
    grid.originMm = {100.0, -50.0, 7.0};
    grid.direction = {0, 0, 1, 1, 0, 0, 0, 1, 0};  // i -> y, j -> z, k -> x
    return grid;
}

TEST(ImageGeometry, IndexToWorldUsesSpacingDirectionAndOrigin) {
    const ImageGeometry grid = swappedAxesGrid();
    EXPECT_EQ(grid.indexToWorld({0, 0, 0}), (Vec3{100.0, -50.0, 7.0}));
    EXPECT_EQ(grid.indexToWorld({2, 3, 4}), (Vec3{112.0, -49.0, 13.0}));
}

TEST(ImageGeometry, WorldToIndexInvertsIndexToWorld) {
    const ImageGeometry grid = swappedAxesGrid();
    const Vec3 index = grid.worldToIndex(grid.indexToWorld({1.5, -2.0, 9.25}));
    EXPECT_NEAR(index[0], 1.5, 1e-12);
    EXPECT_NEAR(index[1], -2.0, 1e-12);
    EXPECT_NEAR(index[2], 9.25, 1e-12);
}

TEST(ImageGeometry, RasAffineFlipsXAndY) {
    const auto ras = swappedAxesGrid().affineRas();
    EXPECT_EQ(ras[3], -100.0);
    EXPECT_EQ(ras[7], 50.0);
    EXPECT_EQ(ras[11], 7.0);
    EXPECT_EQ(ras[2], -3.0);  // k axis along -x (R) in RAS
}

TEST(ImageGeometry, FromAffineRecoversTheGrid) {
    const ImageGeometry grid = swappedAxesGrid();
    const ImageGeometry back = ImageGeometry::fromAffineLps(grid.size, grid.affineLps());
    EXPECT_TRUE(back.sameGridAs(grid, 1e-9));
    EXPECT_EQ(back.spacingMm, grid.spacingMm);
}

TEST(ImageGeometry, SameGridDetectsSizeAndPlacementDifferences) {
    const ImageGeometry grid = swappedAxesGrid();
    ImageGeometry shifted = grid;
    shifted.originMm[1] += 0.01;
    EXPECT_FALSE(grid.sameGridAs(shifted));
    EXPECT_NEAR(grid.maxCornerDistanceMm(shifted), 0.01, 1e-12);
    EXPECT_TRUE(grid.sameGridAs(shifted, 0.02));
    ImageGeometry bigger = grid;
    bigger.size[2] = 31;
    EXPECT_FALSE(grid.sameGridAs(bigger, 1.0));
    EXPECT_EQ(grid.describe(), "10x20x30 voxels, 0.5x2x3 mm");
}

TEST(LabelMap, CountsClasses) {
    ImageGeometry grid;
    grid.size = {2, 2, 1};
    LabelMap labels(grid);
    labels.labels = {0, 2, 2, 0};
    EXPECT_EQ(labels.maxLabel(), 2);
    EXPECT_EQ(labels.classVoxelCounts(), (std::vector<size_t>{2, 0, 2}));
}

}  // namespace
}  // namespace segloop
