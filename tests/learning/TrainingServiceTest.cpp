// The background TrainingService: runs on its own thread, stops within one step, refuses a
// second start, pauses, picks up a new dataset revision, predicts between steps.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "learning/LearningTestSupport.h"
#include "learning/training/TrainingService.h"

namespace segloop {
namespace {

/// Records events; lets a test wait for a number of steps.
class RecordingListener : public TrainingListener {
  public:
    void onStep(const StepReport& report) override {
        std::lock_guard<std::mutex> lock(mutex);
        steps.push_back(report.iteration);
        workerThread = std::this_thread::get_id();
        workerInBackground = currentThreadIsBackground();
        changed.notify_all();
    }
    void onDatasetRevision(int64_t revision) override {
        std::lock_guard<std::mutex> lock(mutex);
        revisions.push_back(revision);
    }
    void onPrediction(const PredictionRequest& request, const Prediction& prediction) override {
        std::lock_guard<std::mutex> lock(mutex);
        predicted.push_back(request.id);
        predictedSize = prediction.labels.geometry.size;
        changed.notify_all();
    }
    void onPaused() override {
        std::lock_guard<std::mutex> lock(mutex);
        pausedAt = steps.size();
        holding = true;
        changed.notify_all();
    }
    void onFinished(const TrainingOutcome& result) override {
        std::lock_guard<std::mutex> lock(mutex);
        outcome = result;
        finished = true;
        changed.notify_all();
    }
    void waitForSteps(size_t count) {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return steps.size() >= count || finished; });
    }
    size_t stepCount() {
        std::lock_guard<std::mutex> lock(mutex);
        return steps.size();
    }

    std::mutex mutex;
    std::condition_variable changed;
    std::vector<int64_t> steps;
    std::vector<int64_t> revisions;
    std::vector<std::string> predicted;
    std::array<int64_t, 3> predictedSize{};
    std::thread::id workerThread;
    bool workerInBackground = false;
    TrainingOutcome outcome;
    bool finished = false;
    bool holding = false;
    size_t pausedAt = 0;
};

TrainingJob tinyJob(const test::TempDir& dir, int64_t iterations) {
    TrainingJob job;
    job.settings = test::tinySettings("mean-teacher", iterations);
    job.train = test::hippocampusCases();
    job.outputFolder = dir.file("run");
    return job;
}

TEST(TrainingService, RunsOnAWorkerThreadAndFinishes) {
    test::TempDir dir;
    RecordingListener listener;
    TrainingService service(listener);
    ASSERT_TRUE(service.start(tinyJob(dir, 3)));
    service.wait();
    EXPECT_FALSE(service.running());
    EXPECT_EQ(listener.steps, (std::vector<int64_t>{1, 2, 3}));
    EXPECT_NE(listener.workerThread, std::this_thread::get_id());
    EXPECT_EQ(listener.outcome.status, TrainingOutcome::Status::Finished);
    EXPECT_TRUE(std::filesystem::exists(listener.outcome.latestCheckpoint));
}

TEST(TrainingService, ABackgroundServiceTrainsAtIdlePriorityAndLeavesTheCallerAlone) {
    test::TempDir dir;
    RecordingListener normal;
    TrainingService normalService(normal);
    ASSERT_TRUE(normalService.start(tinyJob(dir, 1)));
    normalService.wait();
    EXPECT_FALSE(normal.workerInBackground);

    RecordingListener background;
    TrainingService backgroundService(background, WorkerPriority::Background);
    ASSERT_TRUE(backgroundService.start(tinyJob(dir, 2)));
    backgroundService.wait();
    EXPECT_EQ(background.steps, (std::vector<int64_t>{1, 2}));
    EXPECT_TRUE(background.workerInBackground);
    EXPECT_FALSE(currentThreadIsBackground());  // the caller (the GUI thread) keeps its own
}

TEST(TrainingService, StopIsHonouredWithinOneStep) {
    test::TempDir dir;
    RecordingListener listener;
    TrainingService service(listener);
    ASSERT_TRUE(service.start(tinyJob(dir, 10000)));
    listener.waitForSteps(2);
    const size_t stepsAtStop = listener.stepCount();
    service.stop();
    service.wait();
    EXPECT_LE(listener.stepCount(), stepsAtStop + 1);
    EXPECT_EQ(listener.outcome.status, TrainingOutcome::Status::Stopped);
    EXPECT_TRUE(std::filesystem::exists(listener.outcome.latestCheckpoint));
}

TEST(TrainingService, RefusesASecondStartWhileRunning) {
    test::TempDir dir;
    RecordingListener listener;
    TrainingService service(listener);
    ASSERT_TRUE(service.start(tinyJob(dir, 10000)));
    std::string refusal;
    EXPECT_FALSE(service.start(tinyJob(dir, 5), &refusal));
    EXPECT_NE(refusal.find("already in progress"), std::string::npos) << refusal;
    service.stop();
    service.wait();
    EXPECT_TRUE(service.start(tinyJob(dir, 1)));  // allowed again once the first has ended
    service.wait();
}

TEST(TrainingService, PauseHoldsStepsUntilResume) {
    test::TempDir dir;
    RecordingListener listener;
    TrainingService service(listener);
    ASSERT_TRUE(service.start(tinyJob(dir, 10000)));
    listener.waitForSteps(1);
    service.pause();
    {
        std::unique_lock<std::mutex> lock(listener.mutex);
        listener.changed.wait(lock, [&] { return listener.holding || listener.finished; });
    }
    const size_t paused = listener.stepCount();
    EXPECT_EQ(paused, listener.pausedAt);
    // While paused no step may run; give a wrongly running worker time to show itself.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(listener.stepCount(), paused);
    EXPECT_TRUE(service.paused());
    service.resume();
    listener.waitForSteps(paused + 2);
    EXPECT_GE(listener.stepCount(), paused + 2);
    service.stop();
    service.wait();
}

TEST(TrainingService, PicksUpADatasetRevisionAndPredictsBetweenSteps) {
    test::TempDir dir;
    RecordingListener listener;
    TrainingService service(listener);
    ASSERT_TRUE(service.start(tinyJob(dir, 10000)));
    listener.waitForSteps(1);
    DatasetUpdate update;
    update.train = test::hippocampusCases(true);
    update.revision = 7;
    service.updateDataset(update);
    service.predict({{"case-006", test::hippocampusCases()[3].imagePath}});
    {
        std::unique_lock<std::mutex> lock(listener.mutex);
        listener.changed.wait(lock,
                              [&] { return !listener.predicted.empty() || listener.finished; });
    }
    listener.waitForSteps(listener.stepCount() + 1);
    service.stop();
    service.wait();
    EXPECT_EQ(listener.revisions, (std::vector<int64_t>{7}));
    EXPECT_EQ(listener.predicted, (std::vector<std::string>{"case-006"}));
    EXPECT_EQ(listener.predictedSize, (std::array<int64_t, 3>{35, 52, 34}));
}

TEST(TrainingService, AFailingRunReportsItsError) {
    test::TempDir dir;
    RecordingListener listener;
    TrainingService service(listener);
    TrainingJob job = tinyJob(dir, 5);
    job.settings.method = "no-such-method";
    ASSERT_TRUE(service.start(job));
    service.wait();
    EXPECT_EQ(listener.outcome.status, TrainingOutcome::Status::Failed);
    EXPECT_NE(listener.outcome.message.find("no-such-method"), std::string::npos);
}

}  // namespace
}  // namespace segloop
