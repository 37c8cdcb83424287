// The quality predictor on the real hippocampus cases of tests/data: training lowers its error,
// checkpoints give identical predictions, settings survive as text.
#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>

#include "LearningTestSupport.h"
#include "core/Error.h"
#include "core/quality/CorruptionGenerator.h"
#include "learning/quality/QualityEvaluation.h"
#include "learning/quality/QualityInput.h"
#include "learning/quality/QualityTrainer.h"

namespace segloop {
namespace {

QualitySettings tinyQualitySettings(int64_t iterations) {
    QualitySettings settings;
    settings.iterations = iterations;
    settings.baseChannels = 4;
    settings.levels = 3;
    settings.hiddenUnits = 32;
    settings.batchSize = 4;
    settings.device = "cpu";
    settings.threads = 2;
    return settings;
}

TEST(QualityTraining, TrainingLearnsToRankMasksOnRealCases) {
    // On the fixed evaluation masks of the four cases, the untrained network's ranking is
    // arbitrary; 150 steps must order the masks by their true Dice clearly better.
    const TrainingCases cases = test::hippocampusCases(true);
    QualityTrainer trainer(tinyQualitySettings(150), cases);
    const AgreementStatistics before = evaluateQualityPredictor(trainer.predictor(), cases).overall;
    for (int n = 0; n < 150; ++n) {
        ASSERT_TRUE(std::isfinite(trainer.step().loss));
    }
    const AgreementStatistics after = evaluateQualityPredictor(trainer.predictor(), cases).overall;
    EXPECT_GT(after.spearman, before.spearman + 0.2)
        << "Spearman " << before.spearman << " -> " << after.spearman;
    EXPECT_GT(after.spearman, 0.35);
}

TEST(QualityTraining, RealMasksAreUsedOnlyForTrainingCases) {
    const TrainingCases cases = test::hippocampusCases(false);  // 001, 003 labelled
    QualitySettings settings = tinyQualitySettings(2);
    settings.realMaskProbability = 1.0;
    QualityTrainer trainer(settings, cases);
    const LabelMap empty001(prepareCase(cases[0], settings.normalisation).geometry);
    const LabelMap empty003(prepareCase(cases[1], settings.normalisation).geometry);
    ASSERT_NE(empty001.geometry.size, empty003.geometry.size);
    EXPECT_TRUE(trainer.addRealMask("001", empty001));
    EXPECT_TRUE(trainer.addRealMask("003", empty003));
    EXPECT_FALSE(trainer.addRealMask("003", empty001));  // not on the case's grid
    EXPECT_FALSE(trainer.addRealMask("004", empty001));  // unlabelled: no truth to score it
    EXPECT_EQ(trainer.realMaskCount(), 2u);
    EXPECT_EQ(trainer.step().realMasks, settings.batchSize);
}

TEST(QualityTraining, CheckpointGivesIdenticalPredictions) {
    const TrainingCases cases = test::hippocampusCases(true);
    QualitySettings settings = tinyQualitySettings(3);
    settings.seed = 5;
    QualityTrainer trainer(settings, cases);
    for (int n = 0; n < 3; ++n) {
        trainer.step();
    }
    const PreparedCase prepared = prepareCase(cases[1], settings.normalisation);
    LabelMap truth(prepared.geometry);
    std::copy(prepared.labels.begin(), prepared.labels.end(), truth.labels.begin());
    std::vector<LabelMap> masks;
    for (uint64_t seed = 1; seed <= 5; ++seed) {
        masks.push_back(drawCorruptedMask(truth, 3, seed).mask);
    }
    const auto expected = trainer.predictor().predict(prepared, masks);

    test::TempDir dir;
    const std::string path = dir.file("quality.pt");
    trainer.predictor().save(path);
    const auto loaded = QualityPredictor::load(path, "cpu");
    EXPECT_EQ(qualitySettingsToText(loaded->settings()), qualitySettingsToText(settings));
    const auto actual = loaded->predict(prepared, masks);
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t n = 0; n < actual.size(); ++n) {
        EXPECT_EQ(actual[n].overall, expected[n].overall);
        EXPECT_EQ(actual[n].classDice, expected[n].classDice);
    }
    EXPECT_THROW(QualityPredictor::load(cases[0].imagePath), Error);
    EXPECT_THROW(QualityPredictor::load(dir.file("missing.pt")), Error);
}

TEST(QualityTraining, SettingsTextRoundTripAndRefusals) {
    QualitySettings settings;
    settings.cropSize = {16, 24, 40};
    settings.rankingWeight = 0.25;
    settings.device = "cpu";
    settings.normalisation.mode = "window";
    const QualitySettings back = qualitySettingsFromText(qualitySettingsToText(settings), "test");
    EXPECT_EQ(qualitySettingsToText(back), qualitySettingsToText(settings));
    EXPECT_THROW(qualitySettingsFromText("colour = red\n", "test"), Error);
    EXPECT_THROW(qualitySettingsFromText("batch_size = many\n", "test"), Error);
    settings.batchSize = 1;
    EXPECT_THROW(validateQualitySettings(settings), Error);
}

TEST(QualityTraining, InputHasImageAndOneHotForegroundChannels) {
    QualitySettings settings;
    settings.cropSize = {8, 8, 8};
    ImageGeometry grid;
    grid.size = {4, 4, 4};
    LabelMap mask(grid);
    mask.at(1, 1, 1) = 1;
    mask.at(2, 2, 2) = 2;
    std::vector<float> image(grid.voxelCount(), 3.0f);
    const std::vector<float> input = buildQualityInput(image, -1.0f, mask, settings);
    ASSERT_EQ(input.size(), 3u * 512u);
    // The 4³ volume is centred in the 8³ crop: voxel (i,j,k) lands at (i+2, j+2, k+2).
    auto at = [&](int c, int x, int y, int z) {
        return input[size_t(c * 512 + (z * 8 + y) * 8 + x)];
    };
    EXPECT_EQ(at(0, 0, 0, 0), -1.0f);
    EXPECT_EQ(at(0, 2, 2, 2), 3.0f);
    EXPECT_EQ(at(1, 3, 3, 3), 1.0f);
    EXPECT_EQ(at(2, 4, 4, 4), 1.0f);
    EXPECT_EQ(at(1, 4, 4, 4), 0.0f);
    float ones = 0;
    for (size_t n = 512; n < input.size(); ++n) {
        ones += input[n];
    }
    EXPECT_EQ(ones, 2.0f);
}

}  // namespace
}  // namespace segloop
