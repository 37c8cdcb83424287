#pragma once

// Internal to the learning engine (includes LibTorch): what a Trainer holds.
#include <torch/torch.h>

#include <chrono>
#include <memory>

#include "learning/data/PatchSampler.h"
#include "learning/methods/EmaTeacher.h"
#include "learning/methods/TrainingMethod.h"
#include "learning/network/SegmentationNetwork.h"
#include "learning/runtime/TorchRuntime.h"
#include "learning/training/OutOfMemoryInjection.h"
#include "learning/training/Trainer.h"

namespace segloop {

struct Trainer::State {
    TrainingSettings settings;
    torch::Device device{torch::kCPU};
    SegmentationNetwork student{nullptr};
    SegmentationNetwork teacher{nullptr};  ///< null when the method has none
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    std::unique_ptr<TrainingMethod> method;
    std::unique_ptr<PatchSampler> sampler;
    GradientScaler scaler{false};
    TrainingCases train;
    TrainingCases validation;
    int64_t iteration = 0;
    /// The iteration the learning-rate decay counts from (TrainingSettings::
    /// restartDecayOnNewLabels): 0, or where the labelled set last changed.
    int64_t decayStart = 0;
    uint64_t labelledSet = 0;  ///< labelledSetFingerprint(train)
    double bestValidationDice = -1.0;
    double averageStepSeconds = 0.0;
    /// Test-only injected out-of-memory errors (SEGLOOP_INJECT_OOM_AT_STEPS; empty normally).
    OutOfMemoryInjection outOfMemoryInjection = OutOfMemoryInjection::fromEnvironment();

    /// Builds networks, optimiser, method and sampler from `settings` (fresh weights, seeded).
    State(const TrainingSettings& settings, const TrainingCases& train,
          const TrainingCases& validation);
    /// The learning rate at the current iteration (polynomial decay, power 0.9, from
    /// decayStart to the last iteration).
    double learningRate() const;
    /// Takes `cases` as the training set (takeLabelledSet of their fingerprint).
    void changeCases(const TrainingCases& cases);
    /// Records `fingerprint` as the labelled set trained on from now on; restarts the decay
    /// when it differs from the one trained on so far and the settings ask for it.
    void takeLabelledSet(uint64_t fingerprint);
    SegmentationNetwork& predictionNetwork() { return teacher ? teacher : student; }
    /// Takes the batch sizes and patch of `load` into settings (after an out-of-memory error);
    /// a new patch gets a new sampler that goes on with the same random streams
    /// (TrainerMemoryRecovery.cpp).
    void setLoad(const TrainingSettings& load);
};

/// Splits cases into the labelled and unlabelled lists a sampler needs; throws Error when
/// there is no labelled case.
void checkTrainingCases(const TrainingCases& train, const std::string& method);

/// A fingerprint (FNV-1a) of which cases are labelled and with which label file, whatever
/// their order: equal for the same labelled set.
uint64_t labelledSetFingerprint(const TrainingCases& cases);

}  // namespace segloop
