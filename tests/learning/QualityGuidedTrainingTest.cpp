// Quality-guided training and reference pseudo-labels on the real hippocampus copies
// (tests/data), and the quality predictor a TrainingService run trains at its end.
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "learning/LearningTestSupport.h"
#include "learning/quality/QualityPredictor.h"
#include "learning/training/Trainer.h"
#include "learning/training/TrainingService.h"

namespace segloop {
namespace {

double mean(const std::vector<double>& values, size_t from, size_t to) {
    double sum = 0;
    for (size_t n = from; n < to; ++n) {
        sum += values[n];
    }
    return sum / double(to - from);
}

/// A small real quality predictor (fresh seeded weights), saved as `path`.
void saveTinyQualityPredictor(const std::string& path, int64_t classes = 3) {
    QualitySettings settings;
    settings.classes = classes;
    settings.cropSize = {16, 16, 16};
    settings.baseChannels = 2;
    settings.levels = 3;
    settings.hiddenUnits = 8;
    settings.device = "cpu";
    settings.threads = 1;
    QualityPredictor(settings).save(path);
}

TrainingSettings qualityGuidedSettings(const std::string& predictor, int64_t iterations) {
    TrainingSettings settings = test::tinySettings("quality-guided", iterations);
    settings.threads = 1;  // ctest runs tests side by side on two cores
    settings.methodSettings.qualityModelPath = predictor;
    settings.methodSettings.qualityRegularisationStart = 0.0;  // QAR from the first step
    return settings;
}

TEST(QualityGuidedTraining, StepsLowerTheLossOnRealCasesWithEveryTermReported) {
    test::TempDir dir;
    saveTinyQualityPredictor(dir.file("quality.pt"));
    Trainer trainer(qualityGuidedSettings(dir.file("quality.pt"), 60), test::hippocampusCases(),
                    {});
    std::vector<double> supervised, total;
    for (int n = 0; n < 60; ++n) {
        const StepReport report = trainer.step();
        ASSERT_TRUE(std::isfinite(report.loss));
        for (const char* part : {"unsupervised", "qualityRegularisation", "pseudoLabelQuality",
                                 "pseudoLabelWeight", "qualityRegularisationWeight"}) {
            ASSERT_EQ(report.parts.count(part), 1u) << part;
        }
        EXPECT_GE(report.parts.at("pseudoLabelWeight"), 0.0);
        EXPECT_LE(report.parts.at("pseudoLabelWeight"), 1.0);
        supervised.push_back(report.parts.at("supervised"));
        total.push_back(report.loss);
    }
    std::printf(
        "quality-guided loss: first 10 steps %.4f, last 10 %.4f (supervised %.4f -> %.4f)\n",
        mean(total, 0, 10), mean(total, 50, 60), mean(supervised, 0, 10), mean(supervised, 50, 60));
    EXPECT_LT(mean(supervised, 50, 60), 0.9 * mean(supervised, 0, 10));
    EXPECT_LT(mean(total, 50, 60), mean(total, 0, 10));
}

TEST(QualityGuidedTraining, SgrsBaseTrainsWithTheSgrsParts) {
    test::TempDir dir;
    saveTinyQualityPredictor(dir.file("quality.pt"));
    TrainingSettings settings = qualityGuidedSettings(dir.file("quality.pt"), 40);
    settings.methodSettings.qualityBaseMethod = "sgrs";
    Trainer trainer(settings, test::hippocampusCases(), {});
    std::vector<double> supervised;
    for (int n = 0; n < 40; ++n) {
        const StepReport report = trainer.step();
        ASSERT_TRUE(std::isfinite(report.loss));
        ASSERT_EQ(report.parts.count("reliableConsistent"), 1u);
        ASSERT_EQ(report.parts.count("pseudoLabelWeight"), 1u);
        supervised.push_back(report.parts.at("supervised"));
    }
    EXPECT_LT(mean(supervised, 30, 40), mean(supervised, 0, 10));
    settings.methodSettings.qualityBaseMethod = "buarl";
    EXPECT_THROW(Trainer(settings, test::hippocampusCases(), {}), Error);
}

TEST(QualityGuidedTraining, RefusesAMissingPredictorOrOneForOtherClasses) {
    test::TempDir dir;
    EXPECT_THROW(
        Trainer(qualityGuidedSettings(dir.file("absent.pt"), 2), test::hippocampusCases(), {}),
        Error);
    saveTinyQualityPredictor(dir.file("quality.pt"), 2);  // the network has 3 classes
    Trainer trainer(qualityGuidedSettings(dir.file("quality.pt"), 2), test::hippocampusCases(), {});
    EXPECT_THROW(trainer.step(), Error);
}

TEST(QualityGuidedTraining, ReferencePseudoLabelsTrainEveryMethodThatTakesThem) {
    test::TempDir dir;
    saveTinyQualityPredictor(dir.file("quality.pt"));
    for (const std::string method : {"mean-teacher", "sgrs", "quality-guided"}) {
        SCOPED_TRACE(method);
        TrainingSettings settings = qualityGuidedSettings(dir.file("quality.pt"), 30);
        settings.method = method;
        settings.methodSettings.pseudoLabels = "reference";
        settings.methodSettings.referenceMaxPerClass = 200;
        settings.methodSettings.referenceChunkSize = 1000;
        Trainer trainer(settings, test::hippocampusCases(), {});
        std::vector<double> supervised;
        for (int n = 0; n < 30; ++n) {
            const StepReport report = trainer.step();
            ASSERT_TRUE(std::isfinite(report.loss));
            supervised.push_back(report.parts.at("supervised"));
        }
        EXPECT_LT(mean(supervised, 20, 30), mean(supervised, 0, 10));
    }
}

TEST(QualityGuidedTraining, StepTimeAgainstMeanTeacher) {
    test::TempDir dir;
    saveTinyQualityPredictor(dir.file("quality.pt"));
    auto secondsPerStep = [&](const std::string& method, const std::string& pseudoLabels) {
        TrainingSettings settings = qualityGuidedSettings(dir.file("quality.pt"), 12);
        settings.method = method;
        settings.methodSettings.pseudoLabels = pseudoLabels;
        Trainer trainer(settings, test::hippocampusCases(), {});
        trainer.step();  // warm-up
        const auto start = std::chrono::steady_clock::now();
        for (int n = 0; n < 10; ++n) {
            trainer.step();
        }
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 10;
    };
    const double meanTeacher = secondsPerStep("mean-teacher", "teacher");
    const double qualityGuided = secondsPerStep("quality-guided", "teacher");
    const double reference = secondsPerStep("mean-teacher", "reference");
    std::printf(
        "s/step (1 thread, 16^3 patches, 2+2): mean-teacher %.4f, quality-guided %.4f, "
        "mean-teacher + reference %.4f\n",
        meanTeacher, qualityGuided, reference);
    EXPECT_GT(qualityGuided, 0.0);
}

/// Keeps the outcome and counts the quality predictor's steps. With `holdFirstStep` the worker
/// waits in its first step until release(): a command sent meanwhile is applied before the
/// second step, whatever the timing.
class QualityListener final : public TrainingListener {
  public:
    void onStep(const StepReport& report) override {
        std::unique_lock<std::mutex> lock(mutex);
        if (holdFirstStep && report.iteration == 1) {
            inFirstStep = true;
            changed.notify_all();
            changed.wait(lock, [&] { return released; });
        }
    }
    void onDatasetRevision(int64_t revision) override { revisions.push_back(revision); }
    void waitInFirstStep() {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return inFirstStep; });
    }
    void release() {
        std::lock_guard<std::mutex> lock(mutex);
        released = true;
        changed.notify_all();
    }
    void onQualityStep(const QualityTrainingProgress& step) override {
        ++qualitySteps;
        lastQualityStep = step;
    }
    void onFinished(const TrainingOutcome& result) override { outcome = result; }
    bool holdFirstStep = false;
    int qualitySteps = 0;
    QualityTrainingProgress lastQualityStep;
    TrainingOutcome outcome;
    std::vector<int64_t> revisions;

  private:
    std::mutex mutex;
    std::condition_variable changed;
    bool inFirstStep = false;
    bool released = false;
};

/// A 3-iteration supervised run on the four labelled copies, then a tiny quality predictor.
TrainingJob jobWithQualityPredictor(const std::string& outputFolder, int64_t qualityIterations) {
    TrainingJob job;
    job.settings = test::tinySettings("supervised", 3);
    job.settings.threads = 1;
    job.train = test::hippocampusCases(true);
    job.outputFolder = outputFolder;
    job.quality.enabled = true;
    job.quality.iterations = qualityIterations;
    job.quality.batchSize = 2;
    job.quality.baseChannels = 2;
    return job;
}

TEST(QualityGuidedTraining, ServiceTrainsAQualityPredictorAtTheEndOfARun) {
    test::TempDir dir;
    QualityListener listener;
    TrainingService service(listener);
    TrainingJob job = jobWithQualityPredictor(dir.file("run"), 3);
    // A pseudo-label that a label replaced joins as a real mask; an unreadable one is counted.
    job.quality.replacedPseudoLabels = {{job.train[0].id, job.train[0].labelPath},
                                        {job.train[1].id, dir.file("missing.nii.gz")}};
    ASSERT_TRUE(service.start(job));
    service.wait();
    ASSERT_EQ(listener.outcome.status, TrainingOutcome::Status::Finished)
        << listener.outcome.message;
    EXPECT_EQ(listener.qualitySteps, 3);
    EXPECT_EQ(listener.lastQualityStep.iterations, 3);
    ASSERT_EQ(listener.outcome.qualityCheckpoint, dir.file("run") + "/quality.pt")
        << listener.outcome.qualityNote;
    EXPECT_EQ(listener.outcome.qualityMetrics.realMasks, 4);
    EXPECT_EQ(listener.outcome.qualityMetrics.replacedPseudoLabels, 1);
    EXPECT_EQ(listener.outcome.qualityMetrics.unreadablePseudoLabels, 1);
    const auto predictor = QualityPredictor::load(listener.outcome.qualityCheckpoint, "cpu");
    EXPECT_EQ(predictor->settings().classes, 3);
    EXPECT_EQ(predictor->settings().iterations, 3);

    // Too few labelled volumes: no predictor, and the outcome says why.
    QualityListener few;
    TrainingService second(few);
    job.train = test::hippocampusCases();  // two labelled
    job.outputFolder = dir.file("run2");
    ASSERT_TRUE(second.start(job));
    second.wait();
    EXPECT_EQ(few.outcome.status, TrainingOutcome::Status::Finished);
    EXPECT_TRUE(few.outcome.qualityCheckpoint.empty());
    EXPECT_NE(few.outcome.qualityNote.find("2 labelled volumes, at least 3"), std::string::npos)
        << few.outcome.qualityNote;
    EXPECT_EQ(few.qualitySteps, 0);
}

TEST(QualityGuidedTraining, ACorrectionDuringARunReachesItsQualityPredictor) {
    // The run starts with no replaced pseudo-labels; a dataset revision saved while it trains
    // brings two, and the predictor trained at the end learns from both.
    test::TempDir dir;
    QualityListener listener;
    listener.holdFirstStep = true;
    TrainingService service(listener);
    TrainingJob job = jobWithQualityPredictor(dir.file("run"), 2);
    ASSERT_TRUE(service.start(job));
    listener.waitInFirstStep();
    DatasetUpdate update;
    update.train = job.train;
    update.revision = 5;
    update.replacedPseudoLabels = {{job.train[0].id, job.train[0].labelPath},
                                   {job.train[1].id, job.train[1].labelPath}};
    service.updateDataset(update);
    listener.release();
    service.wait();
    ASSERT_EQ(listener.outcome.status, TrainingOutcome::Status::Finished)
        << listener.outcome.message;
    EXPECT_EQ(listener.revisions, (std::vector<int64_t>{5}));
    EXPECT_EQ(listener.outcome.qualityMetrics.replacedPseudoLabels, 2);
    EXPECT_EQ(listener.outcome.qualityMetrics.unreadablePseudoLabels, 0);
}

}  // namespace
}  // namespace segloop
