// The Trainer on the real hippocampus copies: loss goes down, runs are deterministic, a resumed
// run continues exactly, new labels restart the learning-rate decay, validation and prediction
// produce sane outputs.
#include <cmath>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "learning/LearningTestSupport.h"
#include "learning/inference/SegmentationModel.h"
#include "learning/training/Trainer.h"

namespace segloop {
namespace {

std::vector<double> losses(Trainer& trainer, int steps) {
    std::vector<double> values;
    for (int n = 0; n < steps; ++n) {
        values.push_back(trainer.step().loss);
    }
    return values;
}

/// The labelled-data part of each step's loss (the unsupervised weight ramps up, so the total
/// may rise while the model improves).
std::vector<double> supervisedLosses(Trainer& trainer, int steps) {
    std::vector<double> values;
    for (int n = 0; n < steps; ++n) {
        const StepReport report = trainer.step();
        EXPECT_TRUE(std::isfinite(report.loss));
        values.push_back(report.parts.at("supervised"));
    }
    return values;
}

void expectNear(const std::vector<double>& actual, const std::vector<double>& expected) {
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t n = 0; n < expected.size(); ++n) {
        // Float tolerance: LibTorch's multi-threaded CPU reductions may round differently.
        EXPECT_NEAR(actual[n], expected[n], 1e-4 * std::max(1.0, std::abs(expected[n])))
            << "step " << n + 1;
    }
}

double mean(const std::vector<double>& values, size_t from, size_t to) {
    double sum = 0;
    for (size_t n = from; n < to; ++n) {
        sum += values[n];
    }
    return sum / double(to - from);
}

TEST(Trainer, SupervisedStepsLowerTheLossOnRealCases) {
    Trainer trainer(test::tinySettings("supervised", 40), test::hippocampusCases(true), {});
    const std::vector<double> values = losses(trainer, 40);
    EXPECT_LT(mean(values, 30, 40), 0.8 * mean(values, 0, 10));
    EXPECT_TRUE(trainer.finished());
}

TEST(Trainer, EverySemiSupervisedMethodTrains) {
    for (const std::string method : {"mean-teacher", "sgrs", "buarl"}) {
        SCOPED_TRACE(method);
        Trainer trainer(test::tinySettings(method, 80), test::hippocampusCases(), {});
        const std::vector<double> values = supervisedLosses(trainer, 80);
        EXPECT_LT(mean(values, 70, 80), 0.9 * mean(values, 0, 10));
    }
}

TEST(Trainer, SameSeedSameLosses) {
    // One run after the other, as the service runs them: the teacher's input noise comes from
    // LibTorch's global generator, which a Trainer seeds when it is made, so two trainers made
    // before either steps would share (and split) one noise sequence.
    Trainer first(test::tinySettings("mean-teacher", 6), test::hippocampusCases(), {});
    const std::vector<double> expected = losses(first, 6);
    Trainer second(test::tinySettings("mean-teacher", 6), test::hippocampusCases(), {});
    expectNear(losses(second, 6), expected);
}

TEST(Trainer, ResumedRunContinuesExactly) {
    test::TempDir dir;
    for (const std::string method : {"sgrs", "buarl"}) {
        SCOPED_TRACE(method);
        Trainer uninterrupted(test::tinySettings(method, 8), test::hippocampusCases(), {});
        const std::vector<double> reference = losses(uninterrupted, 8);

        Trainer interrupted(test::tinySettings(method, 8), test::hippocampusCases(), {});
        std::vector<double> resumedLosses = losses(interrupted, 4);
        interrupted.saveCheckpoint(dir.file(method + ".pt"));
        std::unique_ptr<Trainer> resumed =
            Trainer::resume(dir.file(method + ".pt"), test::hippocampusCases(), {});
        EXPECT_EQ(resumed->iteration(), 4);
        for (double value : losses(*resumed, 4)) {
            resumedLosses.push_back(value);
        }
        expectNear(resumedLosses, reference);
    }
}

TEST(Trainer, NewLabelsRestartTheLearningRateDecay) {
    // Polynomial decay over 10 iterations; labels saved at iteration 6 start it again over
    // the 4 left, at the full rate. The same labels again change nothing.
    const auto decayed = [](double progress) { return 3e-3 * std::pow(1.0 - progress, 0.9); };
    const TrainingCases two = test::hippocampusCases();
    const TrainingCases four = test::hippocampusCases(true);
    Trainer trainer(test::tinySettings("supervised", 10), two, {});
    losses(trainer, 4);
    EXPECT_NEAR(trainer.step().learningRate, decayed(0.4), 1e-12);
    trainer.setCases(two, {});
    EXPECT_NEAR(trainer.step().learningRate, decayed(0.5), 1e-12) << "same labels";
    TrainingCases reordered(four.rbegin(), four.rend());
    trainer.setCases(reordered, {});
    EXPECT_NEAR(trainer.step().learningRate, 3e-3, 1e-12) << "two more labelled cases";
    EXPECT_NEAR(trainer.step().learningRate, decayed(0.25), 1e-12);

    TrainingSettings oneDecay = test::tinySettings("supervised", 10);
    oneDecay.restartDecayOnNewLabels = false;
    Trainer plain(oneDecay, two, {});
    losses(plain, 5);
    plain.setCases(four, {});
    EXPECT_NEAR(plain.step().learningRate, decayed(0.5), 1e-12) << "restart turned off";

    // A run resumed with other labels restarts as well; with the same labels it goes on.
    test::TempDir dir;
    Trainer interrupted(test::tinySettings("supervised", 10), two, {});
    losses(interrupted, 4);
    interrupted.saveCheckpoint(dir.file("run.pt"));
    EXPECT_NEAR(Trainer::resume(dir.file("run.pt"), two, {})->step().learningRate, decayed(0.4),
                1e-12);
    std::unique_ptr<Trainer> corrected = Trainer::resume(dir.file("run.pt"), four, {});
    EXPECT_NEAR(corrected->step().learningRate, 3e-3, 1e-12);
    corrected->saveCheckpoint(dir.file("corrected.pt"));
    EXPECT_NEAR(Trainer::resume(dir.file("corrected.pt"), four, {})->step().learningRate,
                decayed(1.0 / 6.0), 1e-12)
        << "the restart point travels in the checkpoint";
}

TEST(Trainer, ValidationAndPredictionOnWholeVolumes) {
    TrainingSettings settings = test::tinySettings("supervised", 30);
    Trainer trainer(settings, test::hippocampusCases(true), test::hippocampusCases(true));
    losses(trainer, 30);
    const ValidationReport report = trainer.validate();
    ASSERT_EQ(report.meanDicePerClass.size(), 2u);
    EXPECT_GE(report.meanDice, 0.0);
    EXPECT_LE(report.meanDice, 1.0);
    EXPECT_TRUE(report.best);

    const Volume volume = readNiftiVolume(test::hippocampusCases()[2].imagePath);
    const Prediction prediction = trainer.currentModel()->predict(volume);
    EXPECT_EQ(prediction.labels.geometry.size, volume.geometry.size);
    EXPECT_LE(prediction.labels.maxLabel(), 2);
    for (float value : prediction.uncertainty.voxels) {
        ASSERT_GE(value, 0.0f);
        ASSERT_LE(value, 1.0f);
    }
}

TEST(Trainer, RefusesATrainingSetWithoutLabels) {
    TrainingCases unlabelled = test::hippocampusCases();
    for (TrainingCase& c : unlabelled) {
        c.labelPath.clear();
    }
    EXPECT_THROW(Trainer(test::tinySettings("supervised", 2), unlabelled, {}), Error);
}

TEST(Trainer, ModelLoadsFromACheckpointAndPredictsTheSame) {
    test::TempDir dir;
    Trainer trainer(test::tinySettings("mean-teacher", 5), test::hippocampusCases(), {});
    losses(trainer, 5);
    trainer.saveCheckpoint(dir.file("latest.pt"));
    const Volume volume = readNiftiVolume(test::hippocampusCases()[3].imagePath);
    const Prediction direct = trainer.currentModel()->predict(volume);
    const Prediction loaded =
        SegmentationModel::load(dir.file("latest.pt"), "cpu")->predict(volume);
    EXPECT_EQ(direct.labels.labels, loaded.labels.labels);
    EXPECT_THROW(SegmentationModel::load(dir.file("absent.pt")), Error);
}

}  // namespace
}  // namespace segloop
