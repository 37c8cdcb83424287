// Mask corruptions on a real hippocampus label map: each lowers Dice as its severity grows, and
// the Dice it reports is computeSegmentationMetrics' Dice.
#include <gtest/gtest.h>

#include "core/io/NiftiReader.h"
#include "core/metrics/SegmentationMetrics.h"
#include "core/quality/CorruptionGenerator.h"
#include "core/quality/MaskCorruption.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

LabelMap hippocampusTruth() {
    return readNiftiLabelMap(test::testDataDir() + "/hippocampus/labelsTr/hippocampus_001.nii.gz");
}

TEST(MaskCorruption, SeverityZeroKeepsTheMapAndMoreSeverityLowersDice) {
    const LabelMap truth = hippocampusTruth();
    ASSERT_EQ(truth.maxLabel(), 2);
    for (CorruptionKind kind : allCorruptionKinds()) {
        SCOPED_TRACE(corruptionName(kind));
        Corruption c;
        c.kind = kind;
        c.seed = 7;
        c.severity = 0;
        EXPECT_EQ(applyCorruption(truth, c).labels, truth.labels);
        EXPECT_DOUBLE_EQ(computeMaskQuality(applyCorruption(truth, c), truth, 3).overall, 1.0);
        double previous = 1.0;
        for (double severity : {0.3, 0.6, 1.0}) {
            c.severity = severity;
            const double dice = computeMaskQuality(applyCorruption(truth, c), truth, 3).overall;
            EXPECT_LT(dice, previous) << "severity " << severity;
            previous = dice;
        }
        EXPECT_LT(previous, 0.9) << "severity 1 should hurt clearly";
    }
}

TEST(MaskCorruption, SameSeedSameMaskOtherSeedOtherMask) {
    const LabelMap truth = hippocampusTruth();
    for (CorruptionKind kind : {CorruptionKind::Holes, CorruptionKind::Shift,
                                CorruptionKind::BoundaryNoise, CorruptionKind::DroppedSlices}) {
        Corruption c{kind, 0.7, 11, 0};
        EXPECT_EQ(applyCorruption(truth, c).labels, applyCorruption(truth, c).labels);
        Corruption other = c;
        other.seed = 12;
        if (kind != CorruptionKind::DroppedSlices) {  // two seeds may pick the same axis/slices
            EXPECT_NE(applyCorruption(truth, c).labels, applyCorruption(truth, other).labels)
                << corruptionName(kind);
        }
    }
}

TEST(MaskCorruption, ErosionShrinksAndDilationGrowsOnlyTheTargetedClass) {
    const LabelMap truth = hippocampusTruth();
    const auto counts = truth.classVoxelCounts();
    const LabelMap eroded = erodeClass(truth, 1, 1.0);
    const LabelMap dilated = dilateClass(truth, 1, 1.0);
    EXPECT_LT(eroded.classVoxelCounts()[1], counts[1]);
    EXPECT_EQ(eroded.classVoxelCounts()[2], counts[2]);
    EXPECT_GT(dilated.classVoxelCounts()[1], counts[1]);
    for (size_t n = 0; n < truth.labels.size(); ++n) {
        if (eroded.labels[n] == 1) {
            ASSERT_EQ(truth.labels[n], 1);  // erosion never adds
        }
        if (truth.labels[n] == 1) {
            ASSERT_EQ(dilated.labels[n], 1);  // dilation never removes
        }
    }
    // Radius below the spacing: a one-voxel ball changes nothing.
    EXPECT_EQ(erodeClass(truth, 1, 0.5).labels, truth.labels);
}

TEST(MaskCorruption, TrueDiceMatchesSegmentationMetrics) {
    const LabelMap truth = hippocampusTruth();
    for (uint64_t seed = 1; seed <= 12; ++seed) {
        const CorruptedMask corrupted = drawCorruptedMask(truth, 3, seed);
        const auto metrics = computeSegmentationMetrics(corrupted.mask, truth, {1, 2});
        ASSERT_EQ(corrupted.quality.classDice.size(), 2u);
        EXPECT_NEAR(corrupted.quality.classDice[0], metrics[0].dice, 1e-12)
            << corrupted.description;
        EXPECT_NEAR(corrupted.quality.classDice[1], metrics[1].dice, 1e-12)
            << corrupted.description;
        EXPECT_NEAR(corrupted.quality.overall, (metrics[0].dice + metrics[1].dice) / 2, 1e-12);
    }
}

TEST(MaskCorruption, GeneratorCoversTheDiceRangeFairlyEvenly) {
    const LabelMap truth = hippocampusTruth();
    int bins[5] = {0, 0, 0, 0, 0};
    const int draws = 100;
    for (int seed = 0; seed < draws; ++seed) {
        const double dice = drawCorruptedMask(truth, 3, uint64_t(seed)).quality.overall;
        ASSERT_GE(dice, 0.0);
        ASSERT_LE(dice, 1.0);
        ++bins[std::min(4, int(dice * 5))];
    }
    for (int bin = 0; bin < 5; ++bin) {
        EXPECT_GE(bins[bin], draws / 10) << "Dice bin " << bin << " is under-represented";
    }
}

TEST(MaskCorruption, EvaluationSetIsFixed) {
    const LabelMap truth = hippocampusTruth();
    const auto first = evaluationCorruptions(truth, 3, 5, 2);
    const auto second = evaluationCorruptions(truth, 3, 5, 2);
    ASSERT_EQ(first.size(), allCorruptionKinds().size() * 4 + 2);
    for (size_t n = 0; n < first.size(); ++n) {
        EXPECT_EQ(first[n].mask.labels, second[n].mask.labels);
        EXPECT_EQ(first[n].description, second[n].description);
    }
}

}  // namespace
}  // namespace segloop
