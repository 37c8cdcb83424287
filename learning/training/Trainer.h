#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <string>

#include "learning/data/TrainingCase.h"
#include "learning/settings/TrainingSettings.h"
#include "learning/training/TrainingEvents.h"

namespace segloop {

class SegmentationModel;

/// Trains one segmentation network with one method (supervised, mean-teacher, sgrs, buarl).
///
/// Owns the student, the EMA teacher, the optimiser and the patch sampler; all LibTorch work
/// happens inside step(), validate() and the checkpoint calls, on the calling thread (the
/// TrainingService's worker). Deterministic for a seed on the CPU: a run resumed from a
/// checkpoint takes exactly the steps an uninterrupted run would. Not thread-safe.
class Trainer {
  public:
    /// `train` must hold at least one labelled case; `validation` may be empty (no best model).
    Trainer(const TrainingSettings& settings, const TrainingCases& train,
            const TrainingCases& validation);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    /// Continues a run from a checkpoint written by saveCheckpoint(); the settings come from
    /// the checkpoint, the cases from the caller (they may be a newer dataset revision).
    static std::unique_ptr<Trainer> resume(const std::string& checkpointPath,
                                           const TrainingCases& train,
                                           const TrainingCases& validation);

    /// Fine-tuning: the fresh student (and teacher) take the prediction network of a checkpoint
    /// (its teacher, else its student); the optimiser starts afresh. Throws Error when that
    /// network differs from settings().network (networkDifference). Before the first step.
    void loadWeights(const std::string& checkpointPath);

    /// One optimisation step (sampling, forward, backward, update, EMA). Returns its report.
    /// When the step runs out of memory (isOutOfMemory: GPU or host), the trainer frees the
    /// CUDA cache, lowers one thing (TrainingLoadReduction: batch, then patch) in settings(),
    /// so later checkpoints keep it, and redoes the step; the report lists each lowering
    /// (memoryReductions). Throws OutOfMemoryFailure when nothing is left to lower; the trainer
    /// then still holds the last completed step.
    StepReport step();
    /// Dice of the current model on the validation cases (sliding window, whole volumes).
    ValidationReport validate();
    bool finished() const;
    int64_t iteration() const;
    const TrainingSettings& settings() const;
    /// The device LibTorch computes on ("cpu", "cuda:0").
    std::string deviceName() const;

    /// A new dataset revision (e.g. corrected labels): used from the next step on.
    void setCases(const TrainingCases& train, const TrainingCases& validation);

    /// Everything needed to continue exactly: weights, optimiser, sampler and RNG state.
    void saveCheckpoint(const std::string& path) const;
    /// The model to predict with: the teacher when the method has one, else the student.
    std::shared_ptr<SegmentationModel> currentModel() const;

  private:
    struct State;
    explicit Trainer(std::unique_ptr<State> state);
    /// One attempt at step() without the out-of-memory recovery (Trainer.cpp).
    StepReport attemptStep();
    /// After an out-of-memory `error` at the next step: frees, lowers the load by one change
    /// and returns it, or throws OutOfMemoryFailure (TrainerMemoryRecovery.cpp).
    MemoryReduction lowerLoadAfter(const std::exception& error);
    std::unique_ptr<State> state_;
};

/// The iteration a checkpoint of Trainer::saveCheckpoint was written at (a resumed run goes on
/// after it). Throws Error naming the path when it is no full training checkpoint
/// (TrainerCheckpoint.cpp).
int64_t checkpointIteration(const std::string& checkpointPath);

}  // namespace segloop
