// Flood fill: a hand-made volume with a known connected region (2D and 3D, intensity window,
// other classes kept in background-only mode), and random volumes against a plain
// breadth-first oracle in 3D and in each slice plane.
#include <algorithm>
#include <cstdint>
#include <queue>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "core/editing/FloodFill.h"

namespace segloop {
namespace {

ImageGeometry grid(int64_t nx, int64_t ny, int64_t nz) {
    ImageGeometry geometry;
    geometry.size = {nx, ny, nz};
    geometry.spacingMm = {0.7, 0.7, 2.5};
    return geometry;
}

size_t countClass(const LabelMap& labels, uint16_t label) {
    return static_cast<size_t>(std::count(labels.labels.begin(), labels.labels.end(), label));
}

void setBox(Volume& image, std::array<int64_t, 3> low, std::array<int64_t, 3> high, float value) {
    for (int64_t k = low[2]; k <= high[2]; ++k) {
        for (int64_t j = low[1]; j <= high[1]; ++j) {
            for (int64_t i = low[0]; i <= high[0]; ++i) {
                image.at(i, j, k) = value;
            }
        }
    }
}

/// 24x20x8 voxels of intensity 0 holding: block A (100) in slice 2, block B (100) in slice 4
/// reached from A only through a bridge (100) in slice 3, a lone block C (100) touching
/// nothing, and a bright block D (200) touching A.
Volume handMadeVolume() {
    Volume image(grid(24, 20, 8));
    setBox(image, {2, 2, 2}, {9, 9, 2}, 100.0f);      // A: 64 voxels
    setBox(image, {8, 8, 3}, {8, 8, 3}, 100.0f);      // bridge: 1 voxel
    setBox(image, {4, 6, 4}, {13, 12, 4}, 100.0f);    // B: 70 voxels
    setBox(image, {18, 14, 1}, {21, 17, 6}, 100.0f);  // C: 96 voxels, apart
    setBox(image, {10, 2, 2}, {12, 9, 2}, 200.0f);    // D: bright, beside A
    return image;
}

FloodFillSettings fillWindow(EditDimension dimension, double low, double high, uint16_t label = 1) {
    FloodFillSettings fill;
    fill.dimension = dimension;
    fill.plane = SlicePlane::Axial;
    fill.lowIntensity = low;
    fill.highIntensity = high;
    fill.fillClass = label;
    return fill;
}

TEST(FloodFillEditingTest, FillsExactlyTheConnectedRegionInTheWindow) {
    const Volume image = handMadeVolume();
    LabelMap slice(image.geometry);
    const LabelDiff sliceDiff =
        floodFill(slice, image, fillWindow(EditDimension::Slice2D, 50, 150), {3, 3, 2});
    EXPECT_EQ(countClass(slice, 1), 64u);  // A only: the bridge leads out of the slice
    EXPECT_EQ(sliceDiff.voxelCount(), 64u);
    EXPECT_EQ(sliceDiff.region().min, (std::array<int64_t, 3>{2, 2, 2}));
    EXPECT_EQ(sliceDiff.region().max, (std::array<int64_t, 3>{9, 9, 2}));

    LabelMap volume(image.geometry);
    floodFill(volume, image, fillWindow(EditDimension::Volume3D, 50, 150), {3, 3, 2});
    EXPECT_EQ(countClass(volume, 1), 64u + 1u + 70u);  // A, bridge and B; not C, not D
    EXPECT_EQ(volume.at(8, 8, 3), 1);
    EXPECT_EQ(volume.at(13, 12, 4), 1);
    EXPECT_EQ(volume.at(18, 14, 1), 0);
    EXPECT_EQ(volume.at(10, 2, 2), 0);

    LabelMap wider(image.geometry);
    floodFill(wider, image, fillWindow(EditDimension::Volume3D, 50, 250), {3, 3, 2});
    EXPECT_EQ(countClass(wider, 1), 64u + 1u + 70u + 24u);  // D joins through the window

    LabelMap background(image.geometry);
    floodFill(background, image, fillWindow(EditDimension::Volume3D, -1, 1, 5), {0, 0, 0});
    EXPECT_EQ(countClass(background, 5), image.geometry.voxelCount() - 64 - 1 - 70 - 96 - 24);
}

TEST(FloodFillEditingTest, BackgroundOnlyModeKeepsOtherClassesAndDoesNotCrossThem) {
    const Volume image = handMadeVolume();
    LabelMap labels(image.geometry);
    labels.at(8, 8, 3) = 2;  // the bridge belongs to another structure
    labels.at(3, 3, 2) = 1;  // one voxel already of the fill class: still part of the region
    labels.at(5, 5, 2) = 2;
    FloodFillSettings fill = fillWindow(EditDimension::Volume3D, 50, 150);
    fill.drawOver = DrawOver::backgroundOnly();
    const LabelDiff diff = floodFill(labels, image, fill, {3, 3, 2});
    EXPECT_EQ(labels.at(8, 8, 3), 2);
    EXPECT_EQ(labels.at(5, 5, 2), 2);
    EXPECT_EQ(countClass(labels, 1), 63u);  // A but for the class-2 voxel; B stays out of reach
    EXPECT_EQ(diff.voxelCount(), 62u);      // the voxel that was already 1 did not change
    EXPECT_EQ(labels.at(13, 12, 4), 0);

    LabelMap overAll(image.geometry);
    overAll.at(8, 8, 3) = 2;
    floodFill(overAll, image, fillWindow(EditDimension::Volume3D, 50, 150), {3, 3, 2});
    EXPECT_EQ(overAll.at(8, 8, 3), 1);
    EXPECT_EQ(countClass(overAll, 1), 135u);
}

TEST(FloodFillEditingTest, SeedOutsideTheWindowOrTheVolumeFillsNothing) {
    const Volume image = handMadeVolume();
    LabelMap labels(image.geometry);
    const FloodFillSettings fill = fillWindow(EditDimension::Volume3D, 50, 150);
    EXPECT_TRUE(floodFill(labels, image, fill, {0, 0, 0}).empty());
    EXPECT_TRUE(floodFill(labels, image, fill, {-1, 3, 2}).empty());
    EXPECT_TRUE(floodFill(labels, image, fill, {3, 3, 8}).empty());
    EXPECT_EQ(countClass(labels, 0), labels.labels.size());
}

TEST(FloodFillEditingTest, FillWithClassZeroErasesTheRegion) {
    const Volume image = handMadeVolume();
    LabelMap labels(image.geometry);
    std::fill(labels.labels.begin(), labels.labels.end(), uint16_t{3});
    const LabelDiff diff =
        floodFill(labels, image, fillWindow(EditDimension::Slice2D, 50, 150, 0), {3, 3, 2});
    EXPECT_EQ(countClass(labels, 0), 64u);
    diff.applyOld(labels);
    EXPECT_EQ(countClass(labels, 3), labels.labels.size());
}

/// Breadth-first oracle: face-connected voxels within the window, optionally in one slice.
std::vector<uint8_t> oracleRegion(const Volume& image, const LabelMap& labels,
                                  const FloodFillSettings& fill, std::array<int64_t, 3> seed) {
    const ImageGeometry& g = image.geometry;
    std::vector<uint8_t> region(g.voxelCount(), 0);
    const int fixedAxis = fill.dimension == EditDimension::Slice2D ? fixedAxisOf(fill.plane) : -1;
    auto qualifies = [&](const std::array<int64_t, 3>& v) {
        if (!g.contains(v[0], v[1], v[2]) || (fixedAxis >= 0 && v[fixedAxis] != seed[fixedAxis])) {
            return false;
        }
        const float value = image.at(v[0], v[1], v[2]);
        const uint16_t label = labels.at(v[0], v[1], v[2]);
        return value >= fill.lowIntensity && value <= fill.highIntensity &&
               (label == fill.fillClass || fill.drawOver.allows(label));
    };
    if (!qualifies(seed)) {
        return region;
    }
    std::queue<std::array<int64_t, 3>> pending;
    pending.push(seed);
    region[g.linearIndex(seed[0], seed[1], seed[2])] = 1;
    while (!pending.empty()) {
        const std::array<int64_t, 3> voxel = pending.front();
        pending.pop();
        for (int axis = 0; axis < 3; ++axis) {
            for (int64_t step : {-1, 1}) {
                std::array<int64_t, 3> next = voxel;
                next[axis] += step;
                if (qualifies(next) && !region[g.linearIndex(next[0], next[1], next[2])]) {
                    region[g.linearIndex(next[0], next[1], next[2])] = 1;
                    pending.push(next);
                }
            }
        }
    }
    return region;
}

TEST(FloodFillEditingTest, AgreesWithABreadthFirstOracleOnRandomVolumes) {
    std::mt19937 random(1234);
    std::uniform_real_distribution<float> intensity(0.0f, 1.0f);
    std::uniform_int_distribution<int> label(0, 5);
    for (int trial = 0; trial < 12; ++trial) {
        Volume image(grid(23, 17, 11));
        for (float& value : image.voxels) {
            value = intensity(random);
        }
        LabelMap start(image.geometry);
        for (uint16_t& value : start.labels) {
            value = label(random) == 0 ? 2 : 0;  // one voxel in six holds class 2
        }
        FloodFillSettings fill;
        fill.dimension = trial % 4 == 3 ? EditDimension::Volume3D : EditDimension::Slice2D;
        fill.plane = static_cast<SlicePlane>(trial % 3);
        fill.lowIntensity = 0.0;
        fill.highIntensity = trial % 4 == 3 ? 0.4 : 0.7;  // near the percolation thresholds
        fill.fillClass = 1;
        fill.drawOver = trial % 2 ? DrawOver::backgroundOnly() : DrawOver::anyLabel();
        std::array<int64_t, 3> seed{11, 8, 5};
        for (int axis = 0; axis < 3; ++axis) {  // the seed and its face neighbours qualify
            for (int64_t step : {-1, 0, 1}) {
                std::array<int64_t, 3> voxel = seed;
                voxel[axis] += step;
                image.at(voxel[0], voxel[1], voxel[2]) = 0.1f;
                start.at(voxel[0], voxel[1], voxel[2]) = 0;
            }
        }

        const std::vector<uint8_t> expected = oracleRegion(image, start, fill, seed);
        LabelMap labels = start;
        const LabelDiff diff = floodFill(labels, image, fill, seed);
        size_t filled = 0;
        for (size_t index = 0; index < labels.labels.size(); ++index) {
            const uint16_t want = expected[index] ? uint16_t{1} : start.labels[index];
            ASSERT_EQ(labels.labels[index], want) << "trial " << trial << " voxel " << index;
            filled += expected[index];
        }
        EXPECT_GT(filled, 7u) << "trial " << trial;  // grew beyond the prepared neighbours
        diff.applyOld(labels);
        EXPECT_EQ(labels.labels, start.labels);
    }
}

}  // namespace
}  // namespace segloop
