// Out of memory in training (issue 30, faults): the error is recognised, the load is lowered
// (batch, then patch, then batch 1), the step is redone and training goes on; with nothing left
// to lower the run fails with a clear message and keeps its last completed step. Real training
// on the hippocampus cases; the errors are injected (SEGLOOP_INJECT_OOM_AT_STEPS) on the CPU.
#include <c10/util/Exception.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <new>

#include <gtest/gtest.h>

#include "learning/LearningTestSupport.h"
#include "learning/inference/ModelExport.h"
#include "learning/training/OutOfMemory.h"
#include "learning/training/OutOfMemoryInjection.h"
#include "learning/training/Trainer.h"
#include "learning/training/TrainingLoadReduction.h"
#include "learning/training/TrainingService.h"

namespace segloop {
namespace {

/// Sets SEGLOOP_INJECT_OOM_AT_STEPS for its lifetime (a Trainer reads it when it is built).
class InjectedOutOfMemory {
  public:
    explicit InjectedOutOfMemory(const std::string& steps) {
        setenv(OutOfMemoryInjection::kVariable, steps.c_str(), 1);
    }
    ~InjectedOutOfMemory() { unsetenv(OutOfMemoryInjection::kVariable); }
};

c10::Error torchError(const std::string& message) {
    return c10::Error({__func__, __FILE__, static_cast<uint32_t>(__LINE__)}, message);
}

/// Records the service's memory events and the outcome.
class MemoryListener : public TrainingListener {
  public:
    void onStep(const StepReport& report) override {
        std::lock_guard<std::mutex> lock(mutex);
        steps.push_back(report.iteration);
    }
    void onMemoryReduced(const MemoryReduction& reduction) override {
        std::lock_guard<std::mutex> lock(mutex);
        reductions.push_back(reduction);
        stepsBeforeReduction.push_back(steps.size());
    }
    void onFinished(const TrainingOutcome& result) override {
        std::lock_guard<std::mutex> lock(mutex);
        outcome = result;
    }
    std::mutex mutex;
    std::vector<int64_t> steps;
    std::vector<MemoryReduction> reductions;
    std::vector<size_t> stepsBeforeReduction;
    TrainingOutcome outcome;
};

TEST(TrainingOutOfMemory, RecognisesLibTorchsOutOfMemoryErrorsOnly) {
    EXPECT_TRUE(isOutOfMemory(c10::OutOfMemoryError({__func__, __FILE__, 1}, "no room")));
    EXPECT_TRUE(isOutOfMemory(torchError("CUDA out of memory. Tried to allocate 2.00 GiB")));
    EXPECT_TRUE(isOutOfMemory(torchError("CUDA error: out of memory")));
    EXPECT_TRUE(
        isOutOfMemory(torchError("CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling "
                                 "`cublasCreate(handle)`")));
    EXPECT_TRUE(isOutOfMemory(torchError("cuDNN error: CUDNN_STATUS_ALLOC_FAILED")));
    EXPECT_TRUE(
        isOutOfMemory(torchError("DefaultCPUAllocator: not enough memory: you tried to "
                                 "allocate 1099511627776 bytes.")));
    EXPECT_TRUE(isOutOfMemory(std::bad_alloc()));
    EXPECT_FALSE(
        isOutOfMemory(torchError("The size of tensor a (4) must match the size of "
                                 "tensor b (3) at non-singleton dimension 1")));
    EXPECT_FALSE(isOutOfMemory(torchError("CUDA error: an illegal memory access was encountered")));
    EXPECT_FALSE(isOutOfMemory(Error("scan.nii.gz", "out of memory while reading")));
    EXPECT_FALSE(isOutOfMemory(std::runtime_error("out of memory")));
    EXPECT_EQ(shortErrorText(torchError("CUDA out of memory.\nmore")), "CUDA out of memory.");
}

TEST(TrainingOutOfMemory, LowersBatchesThenThePatchThenBatchOne) {
    TrainingSettings settings;
    settings.labelledPerBatch = 4;
    settings.unlabelledPerBatch = 4;
    settings.sampler.patchSize = {32, 48, 32};
    const TrainingLoadReduction policy(true, 8, true);  // levels 4
    std::vector<std::string> changes;
    while (const std::optional<LoadLowering> change = policy.lower(settings)) {
        changes.push_back(change->text());
        for (int64_t extent : settings.sampler.patchSize) {
            EXPECT_EQ(extent % 8, 0) << change->text();
        }
    }
    EXPECT_EQ(changes,
              (std::vector<std::string>{"unlabelled batch 4 -> 2", "labelled batch 4 -> 2",
                                        "patch 32x48x32 -> 24x32x24", "patch 24x32x24 -> 16x24x16",
                                        "patch 16x24x16 -> 16x16x16", "unlabelled batch 2 -> 1",
                                        "labelled batch 2 -> 1"}));
    EXPECT_EQ(TrainingLoadReduction::describe(settings, true),
              "labelled batch 1, unlabelled batch 1, patch 16x16x16");
}

TEST(TrainingOutOfMemory, LeavesAnUnusedUnlabelledBatchAndUnpooledZAlone) {
    TrainingSettings settings;
    settings.labelledPerBatch = 2;
    settings.unlabelledPerBatch = 8;
    settings.sampler.patchSize = {64, 64, 3};
    const TrainingLoadReduction policy(false, 16, false);  // supervised unet2d, levels 5
    ASSERT_EQ(policy.lower(settings)->text(), "patch 64x64x3 -> 48x48x2");
    ASSERT_EQ(policy.lower(settings)->text(), "patch 48x48x2 -> 32x32x1");
    ASSERT_EQ(policy.lower(settings)->text(), "labelled batch 2 -> 1");
    EXPECT_FALSE(policy.lower(settings).has_value());
    EXPECT_EQ(settings.unlabelledPerBatch, 8);
}

TEST(TrainingOutOfMemory, InjectionFailsTheChosenAttemptsAndRefusesNonsense) {
    OutOfMemoryInjection injection("2,4,4,6*");
    EXPECT_NO_THROW(injection.beforeAttempt(1));
    EXPECT_THROW(injection.beforeAttempt(2), c10::Error);
    EXPECT_NO_THROW(injection.beforeAttempt(2));
    EXPECT_THROW(injection.beforeAttempt(4), c10::Error);
    EXPECT_THROW(injection.beforeAttempt(4), c10::Error);
    EXPECT_NO_THROW(injection.beforeAttempt(4));
    for (int attempt = 0; attempt < 5; ++attempt) {
        EXPECT_THROW(injection.beforeAttempt(6), c10::Error);
    }
    try {
        OutOfMemoryInjection("3").beforeAttempt(3);
        ADD_FAILURE() << "no error injected";
    } catch (const c10::Error& error) {
        EXPECT_TRUE(isOutOfMemory(error)) << error.what();
    }
    EXPECT_NO_THROW(OutOfMemoryInjection("").beforeAttempt(1));
    EXPECT_THROW(OutOfMemoryInjection("3,x"), Error);
    EXPECT_THROW(OutOfMemoryInjection("0"), Error);
    EXPECT_THROW(OutOfMemoryInjection("3,,5"), Error);
}

TEST(TrainingOutOfMemory, TrainingGoesOnWithLowerBatchesAndReportsIt) {
    test::TempDir dir;
    TrainingJob job;
    job.settings = test::tinySettings("mean-teacher", 6);
    job.settings.labelledPerBatch = 4;
    job.settings.unlabelledPerBatch = 4;
    job.train = test::hippocampusCases();
    job.outputFolder = dir.file("run");
    MemoryListener listener;
    {
        InjectedOutOfMemory inject("2,4");
        TrainingService service(listener);
        ASSERT_TRUE(service.start(job));
        service.wait();
    }
    ASSERT_EQ(listener.outcome.status, TrainingOutcome::Status::Finished)
        << listener.outcome.message;
    EXPECT_EQ(listener.outcome.iterations, 6);
    EXPECT_EQ(listener.steps, (std::vector<int64_t>{1, 2, 3, 4, 5, 6}));
    ASSERT_EQ(listener.reductions.size(), 2u);
    EXPECT_EQ(listener.reductions[0].message,
              "Out of memory (cpu) at step 2: unlabelled batch 4 -> 2, training goes on");
    EXPECT_EQ(listener.reductions[1].message,
              "Out of memory (cpu) at step 4: labelled batch 4 -> 2, training goes on");
    EXPECT_EQ(listener.stepsBeforeReduction, (std::vector<size_t>{1, 3}));
    EXPECT_NE(listener.reductions[0].error.find("CUDA out of memory"), std::string::npos);
    EXPECT_EQ(listener.outcome.memoryNotices.size(), 2u);
    EXPECT_NE(listener.outcome.loweredSettings.find("labelled_per_batch = 2\n"), std::string::npos);
    EXPECT_NE(listener.outcome.loweredSettings.find("unlabelled_per_batch = 2\n"),
              std::string::npos);
    const TrainingSettings saved = checkpointSettings(listener.outcome.latestCheckpoint);
    EXPECT_EQ(saved.labelledPerBatch, 2);
    EXPECT_EQ(saved.unlabelledPerBatch, 2);
    EXPECT_EQ(saved.sampler.patchSize, (std::array<int64_t, 3>{16, 16, 16}));
}

TEST(TrainingOutOfMemory, ALoweredPatchKeepsTheDivisorAndSurvivesResume) {
    test::TempDir dir;
    TrainingSettings settings = test::tinySettings("supervised", 4);  // levels 3: divisor 4
    std::unique_ptr<Trainer> trainer;
    {
        InjectedOutOfMemory inject("2");
        trainer = std::make_unique<Trainer>(settings, test::hippocampusCases(), TrainingCases{});
    }
    EXPECT_TRUE(trainer->step().memoryReductions.empty());
    const StepReport second = trainer->step();
    ASSERT_EQ(second.memoryReductions.size(), 1u);
    EXPECT_EQ(second.memoryReductions[0].change, "patch 16x16x16 -> 12x12x12");
    EXPECT_EQ(second.iteration, 2);
    EXPECT_TRUE(std::isfinite(second.loss));
    EXPECT_EQ(trainer->settings().sampler.patchSize, (std::array<int64_t, 3>{12, 12, 12}));
    const std::string checkpoint = dir.file("latest.pt");
    trainer->saveCheckpoint(checkpoint);
    std::unique_ptr<Trainer> resumed =
        Trainer::resume(checkpoint, test::hippocampusCases(), TrainingCases{});
    EXPECT_EQ(resumed->settings().sampler.patchSize, (std::array<int64_t, 3>{12, 12, 12}));
    EXPECT_EQ(resumed->settings().labelledPerBatch, 2);
    while (!resumed->finished()) {
        EXPECT_TRUE(std::isfinite(resumed->step().loss));
    }
    EXPECT_EQ(resumed->iteration(), 4);
}

TEST(TrainingOutOfMemory, WithNothingLeftToLowerTheRunFailsClearlyAndKeepsItsLastStep) {
    test::TempDir dir;
    TrainingJob job;
    job.settings = test::tinySettings("mean-teacher", 6);  // batches 2 and 2, patch 16
    job.settings.checkpointInterval = 1;
    job.train = test::hippocampusCases();
    job.outputFolder = dir.file("run");
    MemoryListener listener;
    {
        InjectedOutOfMemory inject("3*");
        TrainingService service(listener);
        ASSERT_TRUE(service.start(job));
        service.wait();
    }
    const TrainingOutcome& outcome = listener.outcome;
    ASSERT_EQ(outcome.status, TrainingOutcome::Status::Failed);
    EXPECT_EQ(listener.steps, (std::vector<int64_t>{1, 2}));
    EXPECT_NE(outcome.message.find("Out of memory (cpu) at step 3 with the smallest load "
                                   "(labelled batch 1, unlabelled batch 1, patch 8x8x8): "
                                   "nothing is left to lower"),
              std::string::npos)
        << outcome.message;
    EXPECT_NE(outcome.message.find("progress up to step 2 is saved in"), std::string::npos)
        << outcome.message;
    // The checkpoint is the last completed step, with the load that step ran with.
    std::unique_ptr<Trainer> resumed =
        Trainer::resume(outcome.latestCheckpoint, test::hippocampusCases(), TrainingCases{});
    EXPECT_EQ(resumed->iteration(), 2);
    EXPECT_EQ(resumed->settings().labelledPerBatch, 2);
    EXPECT_EQ(resumed->settings().unlabelledPerBatch, 2);
    EXPECT_EQ(resumed->settings().sampler.patchSize, (std::array<int64_t, 3>{16, 16, 16}));
    EXPECT_TRUE(std::isfinite(resumed->step().loss));
}

}  // namespace
}  // namespace segloop
