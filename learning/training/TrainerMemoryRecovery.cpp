// Trainer::step(): one training step that survives running out of memory (issue 30, faults).
#include "learning/training/OutOfMemory.h"
#include "learning/training/TrainerState.h"
#include "learning/training/TrainingLoadReduction.h"

namespace segloop {

void Trainer::State::setLoad(const TrainingSettings& load) {
    if (load.sampler.patchSize != settings.sampler.patchSize) {
        const std::string samplerState = sampler->saveState();
        PatchSamplerSettings samplerSettings = sampler->settings();
        samplerSettings.patchSize = load.sampler.patchSize;
        auto smaller =
            std::make_unique<PatchSampler>(train, samplerSettings, settings.normalisation);
        smaller->restoreState(samplerState);
        sampler = std::move(smaller);  // its volume cache starts empty and fills again
    }
    settings.sampler.patchSize = load.sampler.patchSize;
    settings.labelledPerBatch = load.labelledPerBatch;
    settings.unlabelledPerBatch = load.unlabelledPerBatch;
}

StepReport Trainer::step() {
    State& s = *state_;
    const TrainingSettings before = s.settings;
    std::vector<MemoryReduction> reductions;
    for (;;) {
        try {
            s.outOfMemoryInjection.beforeAttempt(s.iteration + 1);
            StepReport report = attemptStep();
            report.memoryReductions = std::move(reductions);
            return report;
        } catch (const std::exception& error) {
            // attemptStep()'s tensors are freed by now (unwound); the iteration, the weights
            // and the optimiser are those of the last completed step.
            if (!isOutOfMemory(error)) {
                throw;
            }
            try {
                reductions.push_back(lowerLoadAfter(error));
            } catch (const OutOfMemoryFailure&) {
                s.setLoad(before);  // the load of the last completed step, for its checkpoint
                throw;
            }
        }
    }
}

MemoryReduction Trainer::lowerLoadAfter(const std::exception& error) {
    State& s = *state_;
    releaseCachedDeviceMemory(s.device.is_cuda());
    s.optimizer->zero_grad();
    const bool unlabelledUsed = s.method->usesUnlabelled() && s.sampler->unlabelledCaseCount() > 0;
    const TrainingLoadReduction policy(unlabelledUsed, s.student->sizeDivisor(),
                                       s.settings.network.architecture != "unet2d");
    MemoryReduction reduction;
    reduction.iteration = s.iteration + 1;
    reduction.error = shortErrorText(error);
    const std::string what = (s.device.is_cuda() ? std::string("GPU out of memory")
                                                 : "Out of memory (" + s.device.str() + ")") +
                             " at step " + std::to_string(reduction.iteration);
    TrainingSettings lowered = s.settings;
    const std::optional<LoadLowering> change = policy.lower(lowered);
    if (!change) {
        throw OutOfMemoryFailure(
            "training", what + " with the smallest load (" +
                            TrainingLoadReduction::describe(s.settings, unlabelledUsed) +
                            "): nothing is left to lower; free memory on the device or train a "
                            "smaller network (--base-channels, --levels) [" +
                            reduction.error + "]");
    }
    s.setLoad(lowered);
    reduction.change = change->text();
    reduction.message = what + ": " + reduction.change + ", training goes on";
    return reduction;
}

}  // namespace segloop
