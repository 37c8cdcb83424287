// Training > Resume interrupted run (issue 30): a run stopped early from the window goes on
// from its last good checkpoint, as `segloop-cli train --resume` does, through the same
// workflow functions (findResumableTrainingRun, TrainingSession::resume).
#include <QAction>
#include <QPushButton>
#include <QSignalSpy>

#include "UiTestSupport.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"

namespace segloop::ui {
namespace {

TEST(MainWindowTrainingResume, AStoppedRunGoesOnFromItsCheckpointAndFinishes) {
    segloop::test::TempDir dir;
    const std::string folder = dir.file("project");
    test::makeTestProject(folder);
    auto window = test::openShownWindow(folder);
    TrainingController& training = window->training();
    training.setAutoQuality(AutoQualitySettings{});  // no quality predictor after the run

    // Nothing to resume yet: a clear refusal.
    EXPECT_FALSE(window->resumeTraining());
    EXPECT_FALSE(window->lastError().isEmpty());

    TrainingSettings settings = test::tinyTrainingSettings("mean-teacher", 200);
    settings.checkpointInterval = 2;
    settings.validationInterval = 100;  // the finished run says which weights it kept
    ASSERT_TRUE(window->startTraining(settings)) << window->lastError().toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return training.stepsReported() >= 6; }, 120000));
    training.stop();
    training.waitUntilStopped();
    int64_t stoppedAt = 0;
    {
        Project reader = Project::open(folder);
        const auto runs = reader.trainingRuns().list();
        ASSERT_EQ(runs.size(), 1u);
        EXPECT_EQ(runs.front().status, TrainingStatus::Cancelled);
        const auto resumable = findResumableTrainingRun(reader);
        ASSERT_TRUE(resumable.has_value());
        stoppedAt = resumable->checkpointIteration;
        EXPECT_GE(stoppedAt, 2);
    }

    int64_t firstIteration = 0;
    QObject::connect(&training, &TrainingController::stepReported, &training,
                     [&](const StepReport& step) {
                         if (firstIteration == 0)
                             firstIteration = step.iteration;
                     });
    QSignalSpy finished(&training, &TrainingController::finished);
    auto* action = window->findChild<QAction*>("resumeTrainingAction");
    ASSERT_NE(action, nullptr);
    action->trigger();  // the menu's path: MainWindow::resumeTraining
    ASSERT_EQ(training.state(), TrainingController::State::Running)
        << window->lastError().toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return firstIteration > 0; }, 120000));
    EXPECT_GT(firstIteration, stoppedAt) << "the run started over instead of going on";
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished.count() == 1; }, 300000));
    EXPECT_FALSE(finished.front().at(1).toBool())
        << finished.front().at(0).toString().toStdString();
    const QString summary = finished.front().at(0).toString();
    EXPECT_TRUE(summary.contains("kept the ") && summary.contains("validation Dice"))
        << summary.toStdString();

    Project reader = Project::open(folder);
    const auto runs = reader.trainingRuns().list();
    ASSERT_EQ(runs.size(), 1u) << "resuming made a new run instead of going on with the old one";
    EXPECT_EQ(runs.front().status, TrainingStatus::Finished);
    EXPECT_FALSE(findResumableTrainingRun(reader).has_value());

    // "Settings of the last run" loads all of the run's settings into the panel, for a rerun.
    TrainingPanel& panel = window->trainingPanel();
    EXPECT_NE(panel.settings().network.baseChannels, settings.network.baseChannels);
    auto* load = panel.findChild<QPushButton*>("trainingLastRunSettings");
    ASSERT_NE(load, nullptr);
    load->click();
    const TrainingSettings loaded = panel.settings();
    EXPECT_EQ(loaded.method, "mean-teacher");
    EXPECT_EQ(loaded.iterations, 200);
    EXPECT_EQ(loaded.network.baseChannels, settings.network.baseChannels);
    EXPECT_EQ(loaded.sampler.patchSize, settings.sampler.patchSize);
    EXPECT_EQ(loaded.validationInterval, 100);
}

}  // namespace
}  // namespace segloop::ui
