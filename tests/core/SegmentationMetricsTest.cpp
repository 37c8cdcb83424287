// Segmentation metrics on small hand-made cases whose values are worked out by hand in comments.
#include <gtest/gtest.h>

#include <cmath>

#include "core/Error.h"
#include "core/metrics/SegmentationMetrics.h"

namespace segloop {
namespace {

LabelMap emptyMap(int64_t x, int64_t y, int64_t z, const Vec3& spacingMm) {
    ImageGeometry grid;
    grid.size = {x, y, z};
    grid.spacingMm = spacingMm;
    return LabelMap(grid);
}

/// Sets every voxel of the inclusive box [first, last] to `label`.
void fillBox(LabelMap& map, std::array<int64_t, 3> first, std::array<int64_t, 3> last,
             uint16_t label = 1) {
    for (int64_t k = first[2]; k <= last[2]; ++k) {
        for (int64_t j = first[1]; j <= last[1]; ++j) {
            for (int64_t i = first[0]; i <= last[0]; ++i) {
                map.at(i, j, k) = label;
            }
        }
    }
}

ClassMetrics single(const LabelMap& prediction, const LabelMap& reference) {
    const std::vector<ClassMetrics> all = computeSegmentationMetrics(prediction, reference, {1});
    EXPECT_EQ(all.size(), 1u);
    return all.at(0);
}

TEST(SegmentationMetrics, IdenticalMasksAreAPerfectMatch) {
    LabelMap map = emptyMap(8, 7, 6, {0.7, 0.8, 2.5});
    fillBox(map, {1, 2, 1}, {5, 4, 3});
    const ClassMetrics m = single(map, map);
    EXPECT_EQ(m.label, 1);
    EXPECT_DOUBLE_EQ(m.dice, 1.0);
    EXPECT_DOUBLE_EQ(m.jaccard, 1.0);
    EXPECT_DOUBLE_EQ(m.hausdorff95Mm, 0.0);
    EXPECT_DOUBLE_EQ(m.averageSurfaceMm, 0.0);
    EXPECT_EQ(m.predictedVoxels, 45u);
    EXPECT_EQ(m.referenceVoxels, 45u);
    EXPECT_TRUE(m.distancesDefined());
}

// P = cube x,y,z in 1..3; R = the same cube at x in 2..4. |P∩R| = 2*3*3 = 18, so
// Dice = 2*18/(27+27) = 2/3 and Jaccard = 18/36 = 1/2. Each surface has 26 voxels (all but
// the centre). From P: the 9 voxels at x=1 are one x step from R's face x=2; P's voxel (3,2,2)
// is R's centre, one step from R's surface voxels (2,2,2) and (3,1,2) etc.; the other 16 are
// on R's surface. By symmetry R->P is the same: 16 zeros and 10 distances of one step.
TEST(SegmentationMetrics, CubeShiftedOneVoxelWithTwoMillimetreSpacing) {
    LabelMap prediction = emptyMap(6, 5, 5, {2.0, 2.0, 2.0});
    LabelMap reference = prediction;
    fillBox(prediction, {1, 1, 1}, {3, 3, 3});
    fillBox(reference, {2, 1, 1}, {4, 3, 3});
    const ClassMetrics m = single(prediction, reference);
    EXPECT_DOUBLE_EQ(m.dice, 2.0 * 18.0 / 54.0);
    EXPECT_DOUBLE_EQ(m.jaccard, 0.5);
    // 26 sorted values: a[0..15] = 0, a[16..25] = 2 mm; h = 0.95*25 = 23.75 -> 2 mm.
    EXPECT_DOUBLE_EQ(m.hausdorff95Mm, 2.0);
    // mean of each directed set = 10*2/26 mm; their average is the same.
    EXPECT_DOUBLE_EQ(m.averageSurfaceMm, 20.0 / 26.0);
}

// The same shift with spacing (3, 1, 1) mm: the 9 face voxels are now 3 mm away, but P's
// voxel (3,2,2) (R's centre) is nearest to R's surface voxel (3,1,2) across a 1 mm y step.
TEST(SegmentationMetrics, AnisotropicSpacingPicksTheShorterAxis) {
    LabelMap prediction = emptyMap(6, 5, 5, {3.0, 1.0, 1.0});
    LabelMap reference = prediction;
    fillBox(prediction, {1, 1, 1}, {3, 3, 3});
    fillBox(reference, {2, 1, 1}, {4, 3, 3});
    const ClassMetrics m = single(prediction, reference);
    // Sorted: 16 zeros, a[16] = 1, a[17..25] = 3; h = 23.75 -> 3 mm.
    EXPECT_DOUBLE_EQ(m.hausdorff95Mm, 3.0);
    EXPECT_DOUBLE_EQ(m.averageSurfaceMm, (9.0 * 3.0 + 1.0) / 26.0);
}

// Two single voxels one step apart on x and y: the one distance is sqrt(0.5² + 2²) mm.
TEST(SegmentationMetrics, AnisotropicDistanceBetweenTwoVoxels) {
    LabelMap prediction = emptyMap(3, 3, 2, {0.5, 2.0, 3.0});
    LabelMap reference = prediction;
    prediction.at(0, 0, 1) = 1;
    reference.at(1, 1, 1) = 1;
    const ClassMetrics m = single(prediction, reference);
    EXPECT_DOUBLE_EQ(m.dice, 0.0);
    EXPECT_DOUBLE_EQ(m.jaccard, 0.0);
    EXPECT_DOUBLE_EQ(m.hausdorff95Mm, std::sqrt(4.25));
    EXPECT_DOUBLE_EQ(m.averageSurfaceMm, std::sqrt(4.25));
}

TEST(SegmentationMetrics, EmptyPredictionLeavesDistancesUndefined) {
    LabelMap prediction = emptyMap(5, 5, 5, {1.0, 1.0, 1.0});
    LabelMap reference = prediction;
    fillBox(reference, {1, 1, 1}, {2, 2, 2});
    const ClassMetrics m = single(prediction, reference);
    EXPECT_EQ(m.dice, 0.0);
    EXPECT_EQ(m.jaccard, 0.0);
    EXPECT_TRUE(std::isnan(m.hausdorff95Mm));
    EXPECT_TRUE(std::isnan(m.averageSurfaceMm));
    EXPECT_FALSE(m.distancesDefined());
    EXPECT_EQ(m.predictedVoxels, 0u);
    EXPECT_EQ(m.referenceVoxels, 8u);
}

TEST(SegmentationMetrics, EmptyReferenceLeavesDistancesUndefined) {
    LabelMap prediction = emptyMap(5, 5, 5, {1.0, 1.0, 1.0});
    LabelMap reference = prediction;
    fillBox(prediction, {0, 0, 0}, {0, 0, 4});
    const ClassMetrics m = single(prediction, reference);
    EXPECT_EQ(m.dice, 0.0);
    EXPECT_EQ(m.jaccard, 0.0);
    EXPECT_TRUE(std::isnan(m.hausdorff95Mm));
    EXPECT_TRUE(std::isnan(m.averageSurfaceMm));
    EXPECT_FALSE(m.distancesDefined());
    EXPECT_EQ(m.predictedVoxels, 5u);
    EXPECT_EQ(m.referenceVoxels, 0u);
}

TEST(SegmentationMetrics, BothEmptyIsAPerfectMatch) {
    LabelMap prediction = emptyMap(4, 4, 4, {1.0, 1.0, 1.0});
    LabelMap reference = prediction;
    fillBox(prediction, {0, 0, 0}, {1, 1, 1}, 2);  // another class, not asked for
    const ClassMetrics m = single(prediction, reference);
    EXPECT_EQ(m.dice, 1.0);
    EXPECT_EQ(m.jaccard, 1.0);
    EXPECT_EQ(m.hausdorff95Mm, 0.0);
    EXPECT_EQ(m.averageSurfaceMm, 0.0);
    EXPECT_TRUE(m.distancesDefined());
}

TEST(SegmentationMetrics, DifferentGridSizesThrow) {
    const LabelMap prediction = emptyMap(4, 4, 4, {1.0, 1.0, 1.0});
    const LabelMap reference = emptyMap(4, 4, 5, {1.0, 1.0, 1.0});
    EXPECT_THROW(computeSegmentationMetrics(prediction, reference, {1}), Error);
}

// Two 3x3x3 cubes far apart; only the second is shifted (by one x step, spacing 2 mm). The
// first gives 26 zeros each way, the second 16 zeros and 10 of 2 mm (as in the single cube).
// Dice = 2*(27+18)/108 = 5/6; Jaccard = 45/63 = 5/7; each directed mean = 20/52 mm;
// 52 sorted values, h = 0.95*51 = 48.45, a[48] = a[49] = 2 mm.
TEST(SegmentationMetrics, TwoSeparateBlobsEachFindTheirOwnPartner) {
    LabelMap prediction = emptyMap(16, 5, 5, {2.0, 2.0, 2.0});
    LabelMap reference = prediction;
    fillBox(prediction, {1, 1, 1}, {3, 3, 3});
    fillBox(reference, {1, 1, 1}, {3, 3, 3});
    fillBox(prediction, {10, 1, 1}, {12, 3, 3});
    fillBox(reference, {11, 1, 1}, {13, 3, 3});
    const ClassMetrics m = single(prediction, reference);
    EXPECT_DOUBLE_EQ(m.dice, 5.0 / 6.0);
    EXPECT_DOUBLE_EQ(m.jaccard, 5.0 / 7.0);
    EXPECT_DOUBLE_EQ(m.hausdorff95Mm, 2.0);
    EXPECT_DOUBLE_EQ(m.averageSurfaceMm, 20.0 / 52.0);
}

// A 20x1x1 line (two axes one voxel thick: every voxel is surface). R = {2,3,10}, P = {2,3},
// spacing 1.5 mm. d_PR = {0,0}; d_RP = {0,0,10.5} (voxel 10 to voxel 3 is 7 steps).
// P95(d_RP): h = 0.95*2 = 1.9 -> 0 + 0.9*10.5 = 9.45 mm. ASSD = (0 + 10.5/3)/2 = 1.75 mm.
TEST(SegmentationMetrics, OneVoxelThickGridAndInterpolatedPercentile) {
    LabelMap prediction = emptyMap(20, 1, 1, {1.5, 4.0, 4.0});
    LabelMap reference = prediction;
    fillBox(prediction, {2, 0, 0}, {3, 0, 0});
    fillBox(reference, {2, 0, 0}, {3, 0, 0});
    reference.at(10, 0, 0) = 1;
    const ClassMetrics m = single(prediction, reference);
    EXPECT_DOUBLE_EQ(m.dice, 0.8);
    EXPECT_DOUBLE_EQ(m.jaccard, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(m.hausdorff95Mm, 9.45);
    EXPECT_DOUBLE_EQ(m.averageSurfaceMm, 1.75);
}

// A 10x10 square in a one-slice grid (all 100 voxels are surface), and the prediction adds one
// stray voxel 21 mm from the square. d_PR = 100 zeros and 21, d_RP = 100 zeros. The maximum
// (plain Hausdorff) would be 21 mm; the 95th percentile (h = 95 of 0..100) ignores the outlier.
TEST(SegmentationMetrics, NinetyFifthPercentileIgnoresOneFarOutlier) {
    LabelMap prediction = emptyMap(40, 10, 1, {1.0, 1.0, 1.0});
    LabelMap reference = prediction;
    fillBox(prediction, {0, 0, 0}, {9, 9, 0});
    fillBox(reference, {0, 0, 0}, {9, 9, 0});
    prediction.at(30, 4, 0) = 1;
    const ClassMetrics m = single(prediction, reference);
    EXPECT_DOUBLE_EQ(m.hausdorff95Mm, 0.0);
    EXPECT_DOUBLE_EQ(m.averageSurfaceMm, (21.0 / 101.0) / 2.0);
    EXPECT_DOUBLE_EQ(m.dice, 200.0 / 201.0);
}

// P fills the whole 3x3x3 grid: only its centre is inside, its 26 border voxels are surface
// (their missing neighbours lie outside the grid). R is the centre voxel alone. d_PR: 6 face
// voxels at 1, 12 edge voxels at sqrt 2, 8 corners at sqrt 3; d_RP = {1}.
TEST(SegmentationMetrics, VoxelsOnTheVolumeBorderAreSurface) {
    LabelMap prediction = emptyMap(3, 3, 3, {1.0, 1.0, 1.0});
    LabelMap reference = prediction;
    fillBox(prediction, {0, 0, 0}, {2, 2, 2});
    reference.at(1, 1, 1) = 1;
    const ClassMetrics m = single(prediction, reference);
    EXPECT_DOUBLE_EQ(m.dice, 2.0 / 28.0);
    // Sorted d_PR: a[18..25] = sqrt 3 and h = 23.75.
    EXPECT_DOUBLE_EQ(m.hausdorff95Mm, std::sqrt(3.0));
    const double meanFromPrediction = (6.0 + 12.0 * std::sqrt(2.0) + 8.0 * std::sqrt(3.0)) / 26.0;
    EXPECT_DOUBLE_EQ(m.averageSurfaceMm, (meanFromPrediction + 1.0) / 2.0);
}

TEST(SegmentationMetrics, ClassesComeBackInTheOrderAsked) {
    LabelMap prediction = emptyMap(6, 6, 6, {1.0, 1.0, 1.0});
    LabelMap reference = prediction;
    fillBox(prediction, {0, 0, 0}, {1, 1, 1}, 3);
    fillBox(reference, {0, 0, 0}, {1, 1, 1}, 3);
    fillBox(reference, {4, 4, 4}, {5, 5, 5}, 1);
    const std::vector<ClassMetrics> all = computeSegmentationMetrics(prediction, reference, {3, 1});
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].label, 3);
    EXPECT_EQ(all[0].dice, 1.0);
    EXPECT_EQ(all[1].label, 1);
    EXPECT_EQ(all[1].dice, 0.0);
    EXPECT_FALSE(all[1].distancesDefined());
}

TEST(MetricSummary, PopulationStandardDeviationSkippingNaN) {
    const MetricSummary s = summarise({2.0, std::nan(""), 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0});
    EXPECT_EQ(s.count, 8u);
    EXPECT_DOUBLE_EQ(s.mean, 5.0);
    EXPECT_DOUBLE_EQ(s.std, 2.0);  // squared deviations sum to 32, over 8
}

TEST(MetricSummary, NoValuesGiveNaNAndOneValueGivesZeroSpread) {
    const MetricSummary none = summarise({std::nan("")});
    EXPECT_EQ(none.count, 0u);
    EXPECT_TRUE(std::isnan(none.mean));
    EXPECT_TRUE(std::isnan(none.std));
    const MetricSummary one = summarise({3.5});
    EXPECT_EQ(one.count, 1u);
    EXPECT_EQ(one.mean, 3.5);
    EXPECT_EQ(one.std, 0.0);
}

}  // namespace
}  // namespace segloop
