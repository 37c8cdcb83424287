// Out of memory during a run started from the window (issue 30, faults): the run lowers its load
// and goes on, and the training panel shows what was lowered until the next run. The error is
// injected on the CPU through SEGLOOP_INJECT_OOM_AT_STEPS, read when the run's trainer is built.
#include <cstdlib>

#include <QLabel>
#include <QSignalSpy>

#include "UiTestSupport.h"
#include "learning/training/OutOfMemoryInjection.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"

namespace segloop::ui {
namespace {

/// Sets the injection variable for one scope.
class InjectedOutOfMemory {
  public:
    explicit InjectedOutOfMemory(const char* steps) {
        ::setenv(OutOfMemoryInjection::kVariable, steps, 1);
    }
    ~InjectedOutOfMemory() { ::unsetenv(OutOfMemoryInjection::kVariable); }
    InjectedOutOfMemory(const InjectedOutOfMemory&) = delete;
    InjectedOutOfMemory& operator=(const InjectedOutOfMemory&) = delete;
};

TEST(MainWindowOutOfMemory, ThePanelShowsTheLoweredLoadAndTheRunFinishes) {
    segloop::test::TempDir dir;
    const std::string folder = dir.file("project");
    test::makeTestProject(folder);
    auto window = test::openShownWindow(folder);
    TrainingController& training = window->training();
    training.setAutoQuality(AutoQualitySettings{});  // no quality predictor after the run
    TrainingSettings settings = test::tinyTrainingSettings("mean-teacher", 4);

    QSignalSpy finished(&training, &TrainingController::finished);
    {
        InjectedOutOfMemory injected("2");
        ASSERT_TRUE(window->startTraining(settings)) << window->lastError().toStdString();
        // The variable is read when the run's trainer is built, on the worker.
        ASSERT_TRUE(QTest::qWaitFor([&] { return training.stepsReported() >= 1; }, 120000));
    }
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished.count() == 1; }, 120000))
        << "the run did not finish";
    EXPECT_FALSE(finished.front().at(1).toBool())
        << finished.front().at(0).toString().toStdString();
    EXPECT_TRUE(finished.front().at(0).toString().contains("load lowered 1 time"))
        << finished.front().at(0).toString().toStdString();

    const auto* notice = window->trainingPanel().findChild<QLabel*>("trainingMemoryNotice");
    ASSERT_NE(notice, nullptr);
    EXPECT_TRUE(notice->isVisible());
    EXPECT_TRUE(notice->text().contains("Out of memory (cpu) at step 2"))
        << notice->text().toStdString();
    // What is lowered first depends on the run's batches (a batch of one leaves the patch).
    EXPECT_TRUE(notice->text().contains("-> ") && notice->text().contains("training goes on"))
        << notice->text().toStdString();

    // The next run starts with a clean panel.
    ASSERT_TRUE(window->startTraining(settings)) << window->lastError().toStdString();
    EXPECT_FALSE(notice->isVisible());
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished.count() == 2; }, 120000));
    EXPECT_FALSE(notice->isVisible()) << notice->text().toStdString();
}

}  // namespace
}  // namespace segloop::ui
