// Per-class voxel counts and volumes in mL on small hand-made label maps with anisotropic voxels.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/Error.h"
#include "core/metrics/ClassVolumes.h"

namespace segloop {
namespace {

/// A 6x5x4 grid (120 voxels) of 0.5 x 2.0 x 1.5 mm voxels: 1.5 mm^3 = 0.0015 mL each.
LabelMap anisotropicMap() {
    ImageGeometry grid;
    grid.size = {6, 5, 4};
    grid.spacingMm = {0.5, 2.0, 1.5};
    grid.originMm = {-3.0, 7.0, 11.0};
    return LabelMap(grid);
}

TEST(ClassVolumes, CountsEachClassAndMultipliesByTheVoxelVolume) {
    LabelMap map = anisotropicMap();
    // Class 1: the box i 1..3, j 0..1, k 2..3 = 3 x 2 x 2 = 12 voxels -> 12 x 1.5 = 18 mm^3.
    for (int64_t k = 2; k <= 3; ++k)
        for (int64_t j = 0; j <= 1; ++j)
            for (int64_t i = 1; i <= 3; ++i)
                map.at(i, j, k) = 1;
    // Class 2: five single voxels -> 7.5 mm^3.
    map.at(0, 0, 0) = 2;
    map.at(5, 4, 3) = 2;
    map.at(2, 3, 1) = 2;
    map.at(4, 2, 0) = 2;
    map.at(0, 4, 2) = 2;

    // Class 3 is in the label set but painted nowhere; 0 is the background: 120 - 17 = 103.
    const std::vector<ClassVolume> volumes = measureClassVolumes(map, {2, 1, 3, 0});
    ASSERT_EQ(volumes.size(), 4u);
    EXPECT_EQ(volumes[0].label, 2);
    EXPECT_EQ(volumes[0].voxels, 5);
    EXPECT_EQ(volumes[0].millilitres, 0.0075);
    EXPECT_EQ(volumes[1].label, 1);
    EXPECT_EQ(volumes[1].voxels, 12);
    EXPECT_EQ(volumes[1].millilitres, 0.018);
    EXPECT_EQ(volumes[2].label, 3);
    EXPECT_EQ(volumes[2].voxels, 0);
    EXPECT_EQ(volumes[2].millilitres, 0.0);
    EXPECT_EQ(volumes[3].label, 0);
    EXPECT_EQ(volumes[3].voxels, 103);
    EXPECT_EQ(volumes[3].millilitres, 0.1545);
}

TEST(ClassVolumes, AThousandCubicMillimetresIsOneMillilitre) {
    // 10 x 10 x 10 voxels of 0.5 x 0.5 x 4 mm = 1 mm^3 each, all of class 7: exactly 1 mL.
    ImageGeometry grid;
    grid.size = {10, 10, 10};
    grid.spacingMm = {0.5, 0.5, 4.0};
    LabelMap map(grid);
    std::fill(map.labels.begin(), map.labels.end(), uint16_t{7});
    const std::vector<ClassVolume> volumes = measureClassVolumes(map, {7, 1});
    ASSERT_EQ(volumes.size(), 2u);
    EXPECT_EQ(volumes[0].voxels, 1000);
    EXPECT_EQ(volumes[0].millilitres, 1.0);
    EXPECT_EQ(volumes[1].voxels, 0);
    EXPECT_EQ(volumes[1].millilitres, 0.0);
}

TEST(ClassVolumes, NoClassesAndAnEmptyMapGiveNothingOrZeros) {
    const LabelMap map = anisotropicMap();
    EXPECT_TRUE(measureClassVolumes(map, {}).empty());
    const std::vector<ClassVolume> volumes = measureClassVolumes(LabelMap(), {1});
    ASSERT_EQ(volumes.size(), 1u);
    EXPECT_EQ(volumes[0].voxels, 0);
    EXPECT_EQ(volumes[0].millilitres, 0.0);
}

TEST(ClassVolumes, RefusesAMapWhoseVoxelsDoNotMatchItsGrid) {
    LabelMap map = anisotropicMap();
    map.labels.pop_back();
    EXPECT_THROW(measureClassVolumes(map, {1}), Error);
}

}  // namespace
}  // namespace segloop
