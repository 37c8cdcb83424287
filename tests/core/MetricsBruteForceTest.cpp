// The distance transform and the surface metrics against brute-force oracles written here:
// O(n²) nearest-voxel searches over seeded random masks, including one-voxel-thick grids.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "core/Error.h"
#include "core/metrics/DistanceTransform.h"
#include "core/metrics/SegmentationMetrics.h"
#include "core/metrics/SurfaceDistances.h"

namespace segloop {
namespace {

using Index = std::array<int64_t, 3>;

double squaredDistanceMm2(const Index& a, const Index& b, const Vec3& spacingMm) {
    double sum = 0.0;
    for (size_t axis = 0; axis < 3; ++axis) {
        const double step = spacingMm[axis] * static_cast<double>(a[axis] - b[axis]);
        sum += step * step;
    }
    return sum;
}

std::vector<Index> allIndices(const Index& size) {
    std::vector<Index> indices;
    for (int64_t k = 0; k < size[2]; ++k) {
        for (int64_t j = 0; j < size[1]; ++j) {
            for (int64_t i = 0; i < size[0]; ++i) {
                indices.push_back({i, j, k});
            }
        }
    }
    return indices;  // in linear-index order (x fastest)
}

Index randomSize(std::mt19937& random) {
    std::uniform_int_distribution<int64_t> extent(1, 9);
    return {extent(random), extent(random), extent(random)};
}

Vec3 randomSpacing(std::mt19937& random) {
    std::uniform_real_distribution<double> spacing(0.3, 4.0);
    return {spacing(random), spacing(random), spacing(random)};
}

TEST(DistanceTransform, MatchesBruteForceOnRandomMasks) {
    std::mt19937 random(20240611);
    for (int trial = 0; trial < 200; ++trial) {
        const Index size = randomSize(random);
        const Vec3 spacingMm = randomSpacing(random);
        const double density = std::uniform_real_distribution<double>(0.0, 0.3)(random);
        const std::vector<Index> indices = allIndices(size);
        std::vector<uint8_t> isFeature(indices.size());
        std::vector<Index> features;
        for (size_t v = 0; v < indices.size(); ++v) {
            isFeature[v] = std::bernoulli_distribution(density)(random) ? 1 : 0;
            if (isFeature[v]) {
                features.push_back(indices[v]);
            }
        }
        const std::vector<double> result = squaredDistanceTransformMm2(isFeature, size, spacingMm);
        ASSERT_EQ(result.size(), indices.size());
        for (size_t v = 0; v < indices.size(); ++v) {
            double expected = std::numeric_limits<double>::infinity();
            for (const Index& feature : features) {
                expected = std::min(expected, squaredDistanceMm2(indices[v], feature, spacingMm));
            }
            if (std::isinf(expected)) {
                ASSERT_TRUE(std::isinf(result[v])) << "trial " << trial << " voxel " << v;
            } else {
                ASSERT_NEAR(result[v], expected, 1e-9 * (1.0 + expected))
                    << "trial " << trial << " voxel " << v;
            }
        }
    }
}

TEST(DistanceTransform, RefusesAMaskOfTheWrongSize) {
    EXPECT_THROW(squaredDistanceTransformMm2(std::vector<uint8_t>(5, 0), {2, 2, 2}, {1, 1, 1}),
                 Error);
    EXPECT_THROW(squaredDistanceTransformMm2(std::vector<uint8_t>(8, 0), {2, 2, 2}, {1, 0, 1}),
                 Error);
}

/// Surface voxels of the class by the stated rule: a face neighbour outside the object or grid.
std::vector<Index> bruteForceSurface(const LabelMap& map, uint16_t label) {
    const ImageGeometry& grid = map.geometry;
    const auto inObject = [&](int64_t i, int64_t j, int64_t k) {
        return grid.contains(i, j, k) && map.at(i, j, k) == label;
    };
    std::vector<Index> surface;
    for (const Index& v : allIndices(grid.size)) {
        const auto [i, j, k] = v;
        if (inObject(i, j, k) &&
            !(inObject(i - 1, j, k) && inObject(i + 1, j, k) && inObject(i, j - 1, k) &&
              inObject(i, j + 1, k) && inObject(i, j, k - 1) && inObject(i, j, k + 1))) {
            surface.push_back(v);
        }
    }
    return surface;
}

std::vector<double> bruteForceDirected(const std::vector<Index>& from, const std::vector<Index>& to,
                                       const Vec3& spacingMm) {
    std::vector<double> distances;
    for (const Index& a : from) {
        double best = std::numeric_limits<double>::infinity();
        for (const Index& b : to) {
            best = std::min(best, squaredDistanceMm2(a, b, spacingMm));
        }
        distances.push_back(std::sqrt(best));
    }
    return distances;
}

/// numpy.percentile's default (linear) on a fully sorted copy.
double percentile95(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const double h = 0.95 * static_cast<double>(values.size() - 1);
    const size_t low = static_cast<size_t>(h);
    const size_t high = std::min(low + 1, values.size() - 1);
    return values[low] + (h - static_cast<double>(low)) * (values[high] - values[low]);
}

double average(const std::vector<double>& values) {
    double sum = 0.0;
    for (double value : values) {
        sum += value;
    }
    return sum / static_cast<double>(values.size());
}

/// The directed sets hold the oracle's values, in any order.
void expectSameSet(SurfaceDistances actual, std::vector<double> forward,
                   std::vector<double> backward) {
    for (auto* values :
         {&actual.predictionToReferenceMm, &actual.referenceToPredictionMm, &forward, &backward}) {
        std::sort(values->begin(), values->end());
    }
    ASSERT_EQ(actual.predictionToReferenceMm.size(), forward.size());
    ASSERT_EQ(actual.referenceToPredictionMm.size(), backward.size());
    for (size_t n = 0; n < forward.size(); ++n) {
        EXPECT_NEAR(actual.predictionToReferenceMm[n], forward[n], 1e-9);
    }
    for (size_t n = 0; n < backward.size(); ++n) {
        EXPECT_NEAR(actual.referenceToPredictionMm[n], backward[n], 1e-9);
    }
}

LabelMap randomLabels(const Index& size, const Vec3& spacingMm, std::mt19937& random) {
    ImageGeometry grid;
    grid.size = size;
    grid.spacingMm = spacingMm;
    LabelMap map(grid);
    // Mostly background, with clumps: each voxel copies its x-neighbour's label half the time.
    std::discrete_distribution<int> pick({6.0, 2.0, 1.5, 1.0});
    for (size_t v = 0; v < map.labels.size(); ++v) {
        const bool copy = v > 0 && std::bernoulli_distribution(0.5)(random);
        map.labels[v] = copy ? map.labels[v - 1] : static_cast<uint16_t>(pick(random));
    }
    return map;
}

TEST(SegmentationMetrics, MatchBruteForceOnRandomLabelMaps) {
    std::mt19937 random(7771);
    const std::vector<uint16_t> classes = {1, 2, 3, 4};  // 4 never occurs: both empty
    for (int trial = 0; trial < 300; ++trial) {
        const Index size = randomSize(random);
        const Vec3 spacingMm = randomSpacing(random);
        const LabelMap prediction = randomLabels(size, spacingMm, random);
        const LabelMap reference = randomLabels(size, spacingMm, random);
        const std::vector<ClassMetrics> all =
            computeSegmentationMetrics(prediction, reference, classes);
        ASSERT_EQ(all.size(), classes.size());
        for (size_t c = 0; c < classes.size(); ++c) {
            const uint16_t label = classes[c];
            const ClassMetrics& m = all[c];
            size_t inPrediction = 0, inReference = 0, inBoth = 0;
            for (size_t v = 0; v < prediction.labels.size(); ++v) {
                inPrediction += prediction.labels[v] == label;
                inReference += reference.labels[v] == label;
                inBoth += prediction.labels[v] == label && reference.labels[v] == label;
            }
            SCOPED_TRACE("trial " + std::to_string(trial) + " class " + std::to_string(label));
            EXPECT_EQ(m.label, label);
            EXPECT_EQ(m.predictedVoxels, inPrediction);
            EXPECT_EQ(m.referenceVoxels, inReference);
            if (inPrediction == 0 || inReference == 0) {
                const bool bothEmpty = inPrediction == inReference;
                EXPECT_EQ(m.distancesDefined(), bothEmpty);
                EXPECT_EQ(m.dice, bothEmpty ? 1.0 : 0.0);
                continue;
            }
            const double sizes = static_cast<double>(inPrediction + inReference);
            EXPECT_NEAR(m.dice, 2.0 * static_cast<double>(inBoth) / sizes, 1e-12);
            EXPECT_NEAR(m.jaccard, static_cast<double>(inBoth) / (sizes - inBoth), 1e-12);
            const std::vector<double> forward =
                bruteForceDirected(bruteForceSurface(prediction, label),
                                   bruteForceSurface(reference, label), spacingMm);
            const std::vector<double> backward =
                bruteForceDirected(bruteForceSurface(reference, label),
                                   bruteForceSurface(prediction, label), spacingMm);
            expectSameSet(computeSurfaceDistancesMm(prediction, reference, label), forward,
                          backward);
            EXPECT_NEAR(m.hausdorff95Mm, std::max(percentile95(forward), percentile95(backward)),
                        1e-9);
            EXPECT_NEAR(m.averageSurfaceMm, (average(forward) + average(backward)) / 2.0, 1e-9);
        }
    }
}

// Values worked out by hand with numpy.percentile's linear rule.
TEST(LinearQuantile, InterpolatesBetweenOrderStatistics) {
    EXPECT_DOUBLE_EQ(linearQuantile({4.0, 1.0, 3.0, 2.0}, 0.5), 2.5);  // h = 1.5
    EXPECT_DOUBLE_EQ(linearQuantile({10.0, 0.0}, 0.95), 9.5);          // h = 0.95
    EXPECT_DOUBLE_EQ(linearQuantile({7.0}, 0.95), 7.0);
    EXPECT_DOUBLE_EQ(linearQuantile({5.0, 1.0, 9.0}, 1.0), 9.0);
    EXPECT_DOUBLE_EQ(linearQuantile({5.0, 1.0, 9.0}, 0.0), 1.0);
    EXPECT_TRUE(std::isnan(linearQuantile({}, 0.95)));
}

}  // namespace
}  // namespace segloop
