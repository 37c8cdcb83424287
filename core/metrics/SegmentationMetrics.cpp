#include "core/metrics/SegmentationMetrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/metrics/SurfaceDistances.h"

namespace segloop {
namespace {

/// Voxel counts and extent of one class, gathered in one pass over both maps.
struct ClassTally {
    size_t predicted = 0;
    size_t reference = 0;
    size_t overlap = 0;
    VoxelBox box;  ///< holds every voxel of the class in either map
};

/// One pass over both maps: counts and boxes of the requested classes, indexed by slot.
std::vector<ClassTally> tallyClasses(const LabelMap& prediction, const LabelMap& reference,
                                     const std::vector<int32_t>& slotOfLabel, size_t slotCount) {
    std::vector<ClassTally> tallies(slotCount);
    const ImageGeometry& grid = reference.geometry;
    for (int64_t k = 0; k < grid.size[2]; ++k) {
        for (int64_t j = 0; j < grid.size[1]; ++j) {
            const size_t rowStart = grid.linearIndex(0, j, k);
            const uint16_t* predictionRow = prediction.labels.data() + rowStart;
            const uint16_t* referenceRow = reference.labels.data() + rowStart;
            for (int64_t i = 0; i < grid.size[0]; ++i) {
                const uint16_t predicted = predictionRow[i];
                const uint16_t expected = referenceRow[i];
                const int32_t predictedSlot = slotOfLabel[predicted];
                const int32_t expectedSlot = slotOfLabel[expected];
                if (predictedSlot >= 0) {
                    ClassTally& tally = tallies[static_cast<size_t>(predictedSlot)];
                    ++tally.predicted;
                    tally.box.include(i, j, k);
                    if (predicted == expected) {
                        ++tally.overlap;
                    }
                }
                if (expectedSlot >= 0) {
                    ClassTally& tally = tallies[static_cast<size_t>(expectedSlot)];
                    ++tally.reference;
                    if (predicted != expected) {
                        tally.box.include(i, j, k);
                    }
                }
            }
        }
    }
    return tallies;
}

double mean(const std::vector<double>& values) {
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

ClassMetrics metricsOfClass(const LabelMap& prediction, const LabelMap& reference, uint16_t label,
                            const ClassTally& tally) {
    ClassMetrics metrics;
    metrics.label = label;
    metrics.predictedVoxels = tally.predicted;
    metrics.referenceVoxels = tally.reference;
    if (tally.predicted == 0 && tally.reference == 0) {
        metrics.dice = metrics.jaccard = 1.0;
        metrics.hausdorff95Mm = metrics.averageSurfaceMm = 0.0;
        return metrics;
    }
    const double both = static_cast<double>(tally.overlap);
    const double sizes = static_cast<double>(tally.predicted + tally.reference);
    metrics.dice = 2.0 * both / sizes;
    metrics.jaccard = both / (sizes - both);
    if (!metrics.distancesDefined()) {
        metrics.hausdorff95Mm = metrics.averageSurfaceMm = std::nan("");
        return metrics;
    }
    const SurfaceDistances distances =
        computeSurfaceDistancesMm(prediction, reference, label, tally.box);
    const std::vector<double>& forward = distances.predictionToReferenceMm;
    const std::vector<double>& backward = distances.referenceToPredictionMm;
    metrics.hausdorff95Mm = std::max(linearQuantile(forward, 0.95), linearQuantile(backward, 0.95));
    metrics.averageSurfaceMm = (mean(forward) + mean(backward)) / 2.0;
    return metrics;
}

}  // namespace

bool ClassMetrics::distancesDefined() const {
    return (predictedVoxels == 0) == (referenceVoxels == 0);
}

std::vector<ClassMetrics> computeSegmentationMetrics(const LabelMap& prediction,
                                                     const LabelMap& reference,
                                                     const std::vector<uint16_t>& classes) {
    checkComparableMaps(prediction, reference);
    // Each distinct requested label gets a slot; every other label maps to -1.
    std::vector<int32_t> slotOfLabel(size_t{1} << 16, -1);
    int32_t slotCount = 0;
    for (uint16_t label : classes) {
        if (slotOfLabel[label] < 0) {
            slotOfLabel[label] = slotCount++;
        }
    }
    const std::vector<ClassTally> tallies =
        tallyClasses(prediction, reference, slotOfLabel, static_cast<size_t>(slotCount));
    std::vector<ClassMetrics> result;
    result.reserve(classes.size());
    for (uint16_t label : classes) {
        const ClassTally& tally = tallies[static_cast<size_t>(slotOfLabel[label])];
        result.push_back(metricsOfClass(prediction, reference, label, tally));
    }
    return result;
}

MetricSummary summarise(const std::vector<double>& values) {
    double sum = 0.0;
    size_t count = 0;
    for (double value : values) {
        if (!std::isnan(value)) {
            sum += value;
            ++count;
        }
    }
    if (count == 0) {
        return {std::nan(""), std::nan(""), 0};
    }
    const double average = sum / static_cast<double>(count);
    double squares = 0.0;
    for (double value : values) {
        if (!std::isnan(value)) {
            squares += (value - average) * (value - average);
        }
    }
    return {average, std::sqrt(squares / static_cast<double>(count)), count};
}

ClassSummary summariseClass(const std::vector<ClassMetrics>& cases) {
    std::vector<double> dice, jaccard, hd95, asd;
    for (const ClassMetrics& row : cases) {
        dice.push_back(row.dice);
        jaccard.push_back(row.jaccard);
        hd95.push_back(row.hausdorff95Mm);
        asd.push_back(row.averageSurfaceMm);
    }
    return {summarise(dice), summarise(jaccard), summarise(hd95), summarise(asd)};
}

}  // namespace segloop
