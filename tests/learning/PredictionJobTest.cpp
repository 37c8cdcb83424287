// TrainingService::startPrediction: a saved model labels volumes on the worker thread, with the
// region map when asked, and stop() cancels between volumes.
#include <condition_variable>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "learning/LearningTestSupport.h"
#include "learning/training/Trainer.h"
#include "learning/training/TrainingService.h"

namespace segloop {
namespace {

class PredictionListener : public TrainingListener {
  public:
    void onPrediction(const PredictionRequest& request, const Prediction& prediction) override {
        std::lock_guard<std::mutex> lock(mutex);
        ids.push_back(request.id);
        withRegions.push_back(prediction.regions.has_value());
        workerThread = std::this_thread::get_id();
        if (onFirst) {
            onFirst();
            onFirst = nullptr;
        }
    }
    void onPredictionJobFinished(size_t count, bool wasStopped,
                                 const std::string& failure) override {
        std::lock_guard<std::mutex> lock(mutex);
        done = count;
        stopped = wasStopped;
        error = failure;
        finished = true;
        changed.notify_all();
    }
    void waitForEnd() {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return finished; });
    }

    std::mutex mutex;
    std::condition_variable changed;
    std::function<void()> onFirst;
    std::vector<std::string> ids;
    std::vector<bool> withRegions;
    std::thread::id workerThread;
    size_t done = 0;
    bool stopped = false;
    bool finished = false;
    std::string error;
};

std::string savedModel(const test::TempDir& dir) {
    Trainer trainer(test::tinySettings("supervised", 1), test::hippocampusCases(true), {});
    trainer.step();
    trainer.saveCheckpoint(dir.file("latest.pt"));
    return dir.file("latest.pt");
}

TEST(PredictionJob, LabelsEveryRequestOnTheWorkerWithRegionsWhenAsked) {
    test::TempDir dir;
    PredictionJob job;
    job.checkpointPath = savedModel(dir);
    job.device = "cpu";
    job.requests = {{"a", test::hippocampusCases()[2].imagePath, {}},
                    {"b", test::hippocampusCases()[3].imagePath, {}}};
    job.requests[1].options.regions = true;
    PredictionListener listener;
    TrainingService service(listener);
    ASSERT_TRUE(service.startPrediction(job));
    std::string refusal;
    EXPECT_FALSE(service.startPrediction(job, &refusal));  // one run at a time
    EXPECT_FALSE(refusal.empty());
    listener.waitForEnd();
    service.wait();
    EXPECT_EQ(listener.ids, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(listener.withRegions, (std::vector<bool>{false, true}));
    EXPECT_NE(listener.workerThread, std::this_thread::get_id());
    EXPECT_EQ(listener.done, 2u);
    EXPECT_FALSE(listener.stopped);
    EXPECT_TRUE(listener.error.empty()) << listener.error;
    EXPECT_FALSE(service.running());
}

TEST(PredictionJob, StopCancelsAfterTheCurrentVolume) {
    test::TempDir dir;
    PredictionJob job;
    job.checkpointPath = savedModel(dir);
    job.device = "cpu";
    for (int n = 0; n < 6; ++n)
        job.requests.push_back({std::to_string(n), test::hippocampusCases()[2].imagePath, {}});
    PredictionListener listener;
    TrainingService service(listener);
    listener.onFirst = [&service] { service.stop(); };  // on the worker, after volume 0
    ASSERT_TRUE(service.startPrediction(job));
    listener.waitForEnd();
    service.wait();
    EXPECT_EQ(listener.ids, (std::vector<std::string>{"0"}));
    EXPECT_EQ(listener.done, 1u);
    EXPECT_TRUE(listener.stopped);
}

TEST(PredictionJob, AMissingModelEndsWithItsError) {
    PredictionJob job;
    job.checkpointPath = "/nonexistent/latest.pt";
    job.requests = {{"a", test::hippocampusCases()[2].imagePath, {}}};
    PredictionListener listener;
    TrainingService service(listener);
    ASSERT_TRUE(service.startPrediction(job));
    listener.waitForEnd();
    service.wait();
    EXPECT_TRUE(listener.ids.empty());
    EXPECT_NE(listener.error.find("latest.pt"), std::string::npos) << listener.error;
}

}  // namespace
}  // namespace segloop
