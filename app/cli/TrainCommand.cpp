// `train`: a training run on the project's labels, in the background service, with progress.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "app/cli/Commands.h"
#include "app/cli/SettingOptions.h"
#include "app/cli/TerminalProgress.h"
#include "app/cli/TrainingOptions.h"
#include "core/Error.h"
#include "learning/settings/SettingsSchema.h"
#include "learning/settings/SettingsText.h"
#include "learning/settings/TrainingPresets.h"
#include "learning/training/TrainingService.h"
#include "storage/Project.h"
#include "workflow/ProjectLabelSet.h"
#include "workflow/RunSettings.h"
#include "workflow/TrainingResume.h"
#include "workflow/TrainingSession.h"

namespace segloop::cli {
namespace {

/// Prints the service's events (called on the worker thread; stdout/stderr only).
class PrintingListener final : public TrainingListener {
  public:
    void onStep(const StepReport& step) override {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            lastIteration_ = step.iteration;
        }
        const auto now = std::chrono::steady_clock::now();
        if (step.iteration != 1 && step.iteration != step.iterations &&
            now - lastPrint_ < std::chrono::seconds(2)) {
            return;
        }
        lastPrint_ = now;
        std::fprintf(stderr, "iteration %lld/%lld  loss %.4f  lr %.5f  %.2f s/step  ETA %.0f s\n",
                     static_cast<long long>(step.iteration),
                     static_cast<long long>(step.iterations), step.loss, step.learningRate,
                     step.secondsPerStep, step.etaSeconds);
    }
    void onValidation(const ValidationReport& report) override {
        std::fprintf(stderr, "validation at %lld: mean Dice %.4f%s\n",
                     static_cast<long long>(report.iteration), report.meanDice,
                     report.best ? " (best so far)" : "");
    }
    void onQualityStep(const QualityTrainingProgress& step) override {
        const auto now = std::chrono::steady_clock::now();
        if (step.iteration != 1 && step.iteration != step.iterations &&
            now - lastPrint_ < std::chrono::seconds(2)) {
            return;
        }
        lastPrint_ = now;
        std::fprintf(stderr, "quality predictor %lld/%lld  loss %.4f  %.2f s/step  ETA %.0f s\n",
                     static_cast<long long>(step.iteration),
                     static_cast<long long>(step.iterations), step.loss, step.secondsPerStep,
                     step.secondsPerStep * double(step.iterations - step.iteration));
    }
    void onCheckpoint(const std::string& path, bool best) override {
        if (!best) {  // "latest": the full state a resumed run goes on from
            std::lock_guard<std::mutex> lock(mutex_);
            checkpoint_ = Checkpoint{path, lastIteration_};
        }
    }
    /// The newest "latest" checkpoint written since the last call, if any.
    std::optional<std::pair<std::string, int64_t>> takeCheckpoint() {
        std::lock_guard<std::mutex> lock(mutex_);
        std::optional<std::pair<std::string, int64_t>> taken;
        if (checkpoint_) {
            taken = std::make_pair(checkpoint_->path, checkpoint_->iteration);
        }
        checkpoint_.reset();
        return taken;
    }
    void onDatasetRevision(int64_t revision) override {
        std::fprintf(stderr, "picked up dataset revision %lld\n", static_cast<long long>(revision));
    }
    void onMemoryReduced(const MemoryReduction& reduction) override {
        std::fprintf(stderr, "%s\n", reduction.message.c_str());
        std::fflush(stderr);
    }
    void onFinished(const TrainingOutcome& outcome) override {
        std::lock_guard<std::mutex> lock(mutex_);
        outcome_ = outcome;
    }
    TrainingOutcome outcome() {
        std::lock_guard<std::mutex> lock(mutex_);
        return outcome_;
    }

  private:
    struct Checkpoint {
        std::string path;
        int64_t iteration = 0;
    };
    std::chrono::steady_clock::time_point lastPrint_{};
    std::mutex mutex_;
    TrainingOutcome outcome_;
    int64_t lastIteration_ = 0;
    std::optional<Checkpoint> checkpoint_;
};

/// The automatic quality predictor of a run: on unless --no-quality.
AutoQualitySettings autoQualityFrom(const ParsedArguments& arguments) {
    AutoQualitySettings quality;
    quality.enabled = !arguments.has("no-quality");
    quality.iterations = arguments.intValue("quality-iterations", int(quality.iterations));
    quality.minimumLabelledCases =
        size_t(arguments.intValue("quality-min-cases", int(quality.minimumLabelledCases)));
    if (quality.iterations < 1) {
        throw UsageError{"--quality-iterations must be at least 1"};
    }
    return quality;
}

/// `train --resume`: the newest interrupted run of the project, from its last checkpoint.
TrainingSession resumeSession(Project& project) {
    std::string why;
    const std::optional<ResumableTrainingRun> run = findResumableTrainingRun(project, &why);
    if (!run) {
        throw Error(project.layout().folder, why);
    }
    std::printf("Resuming training run %lld (%s) from iteration %lld/%lld (%s)\n",
                static_cast<long long>(run->runId), run->status.c_str(),
                static_cast<long long>(run->checkpointIteration),
                static_cast<long long>(run->iterations),
                run->checkpointPath.substr(project.layout().folder.size() + 1).c_str());
    return TrainingSession::resume(project, *run);
}

/// The settings the options give: over a recorded run's (--settings-of) or a preset's, whose
/// name goes to `preset` (empty for a recorded run's).
TrainingSettings settingsOfArguments(Project& project, const ParsedArguments& arguments,
                                     std::string& preset) {
    TrainingSettings base;
    if (arguments.has("settings-of") && arguments.has("preset"))
        throw UsageError{"give --settings-of or --preset, not both"};
    if (arguments.has("settings-of")) {  // rerun with a recorded run's settings
        const int64_t run = arguments.intValue("settings-of", 0);
        base = rerunSettings(project, run);
        std::printf("Starting from the settings of training run %lld\n",
                    static_cast<long long>(run));
    } else {  // a preset: the one named, else the default for where it trains
        preset = arguments.value("preset", newRunPreset(arguments.value("device", "auto")));
        try {
            base = presetTrainingSettings(preset, "--preset");
        } catch (const Error& error) {
            throw UsageError{error.what()};
        }
    }
    return trainingSettingsFrom(arguments, projectClassCount(project), base);
}

TrainingSession prepareSession(Project& project, const ParsedArguments& arguments) {
    TrainingSessionOptions options;
    std::string preset;
    options.settings = settingsOfArguments(project, arguments, preset);
    if (!preset.empty())
        std::printf("Preset %s\n", preset.c_str());
    options.labelledLimit = size_t(std::max(0, arguments.intValue("labeled", 0)));
    options.acceptedLabelsTrain = !arguments.has("no-accepted");
    options.quality = autoQualityFrom(arguments);
    if (arguments.has("init"))  // fine-tuning: the model's network, normalisation and patch
        options.initialModelId = arguments.intValue("init", 0);
    // A recorded run's patch is its own; an option or --set names its setting.
    options.patchChosen = arguments.has("patch") || arguments.has("settings-of");
    options.noteGivenSettings(givenSettingKeys(trainingSettingFields(), arguments));
    options.noteGivenSettings(assignedSettingKeys(arguments.value("set", ""), "--set"));
    if (options.initialModelId)
        std::printf("Starting from the weights of model %lld\n",
                    static_cast<long long>(*options.initialModelId));
    return TrainingSession::prepare(project, options);
}

int runTrain(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    if (arguments.has("print-settings")) {  // what a run would start from; nothing recorded
        std::string preset;
        std::printf("%s", settingsToText(settingsOfArguments(project, arguments, preset)).c_str());
        return kExitOk;
    }
    const bool resuming = arguments.has("resume");
    const TrainingSession session =
        resuming ? resumeSession(project) : prepareSession(project, arguments);
    const TrainingJob& job = session.job();
    // While it lives, `train --resume` elsewhere leaves this run alone.
    const FolderLock runLock = claimTrainingRunFolder(job.outputFolder);
    const auto& patch = job.settings.sampler.patchSize;
    std::printf(
        "Training run %lld: %s on %zu cases (%zu validation), %lld iterations, patch "
        "%lldx%lldx%lld -> %s\n",
        static_cast<long long>(session.runId()), job.settings.method.c_str(), job.train.size(),
        job.validation.size(), static_cast<long long>(job.settings.iterations),
        static_cast<long long>(patch[0]), static_cast<long long>(patch[1]),
        static_cast<long long>(patch[2]), job.outputFolder.c_str());
    std::fflush(stdout);

    PrintingListener listener;
    TrainingService service(listener);
    std::string refusal;
    if (!service.start(job, &refusal)) {
        session.refused(project, refusal);
        throw Error("training run " + std::to_string(session.runId()), refusal);
    }
    // Corrections saved meanwhile (by the window, another CLI) reach the run through the
    // job's dataset source, which the service polls itself.
    while (service.running()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (TerminalProgress::interrupted()) {
            service.stop();
        }
        if (const auto checkpoint = listener.takeCheckpoint()) {
            recordTrainingCheckpoint(project, session.runId(), checkpoint->first,
                                     checkpoint->second);
        }
    }
    service.wait();
    if (const auto checkpoint = listener.takeCheckpoint()) {
        recordTrainingCheckpoint(project, session.runId(), checkpoint->first, checkpoint->second);
    }
    const TrainingOutcome outcome = listener.outcome();
    const RecordedTrainingModels recorded = session.finish(project, outcome);
    if (outcome.status == TrainingOutcome::Status::Failed) {
        throw Error("training run " + std::to_string(session.runId()), outcome.message);
    }
    const bool stopped = outcome.status == TrainingOutcome::Status::Stopped;
    std::printf("%s after %lld iterations; model %lld (%s)%s%s\n", stopped ? "Stopped" : "Finished",
                static_cast<long long>(outcome.iterations),
                static_cast<long long>(recorded.segmentation.value_or(0)),
                outcome.modelCheckpoint().substr(project.layout().folder.size() + 1).c_str(),
                outcome.checkpointChoice.empty() ? "" : "; ", outcome.checkpointChoice.c_str());
    if (recorded.quality) {
        std::printf("Quality predictor: model %lld (%s)\n",
                    static_cast<long long>(*recorded.quality),
                    outcome.qualityCheckpoint.substr(project.layout().folder.size() + 1).c_str());
    } else if (!outcome.qualityNote.empty()) {
        std::printf("Quality predictor: %s\n", outcome.qualityNote.c_str());
    }
    return stopped ? kExitCancelled : kExitOk;
}

}  // namespace

Command trainCommand() {
    std::vector<OptionSpec> options = trainingOptionSpecs();
    options.push_back({"labeled", "N", "use only the first N labelled volumes (default: all)"});
    options.push_back({"init", "MODEL_ID",
                       "fine-tune: start from that model's weights (its network, normalisation"
                       " and patch; e.g. one added by import-model)"});
    options.push_back({"no-quality", "", "do not train a quality predictor after the run"});
    options.push_back({"resume", "",
                       "go on with the newest interrupted run (killed, crashed or stopped) from "
                       "its last checkpoint, with its own settings (other options are ignored)"});
    options.push_back({"no-accepted", "",
                       "accepted pseudo-labels do not count as labelled (by default they do)"});
    const AutoQualitySettings quality;  // the session's defaults, never a copy
    options.push_back({"quality-iterations", "N",
                       "steps of the quality predictor trained after the run (default " +
                           std::to_string(quality.iterations) + ")"});
    options.push_back({"quality-min-cases", "N",
                       "labelled volumes needed to train it (default " +
                           std::to_string(quality.minimumLabelledCases) + ")"});
    options.push_back({"print-settings", "",
                       "print the settings a run would start from (as settings.txt, before the "
                       "patch is planned from the data) and exit; nothing is recorded"});
    return {
        {"train", "Train a segmentation model on the project's labels (Ctrl-C stops).", "PROJECT",
         "Trains in a background thread with the chosen semi-supervised method: labelled\n"
         "volumes are those with a label of record (human, corrected or accepted); all\n"
         "others are unlabelled.\n"
         "With five or more labelled volumes, 20% of them validate; checkpoints go to\n"
         "data/models/run-N (best.pt, latest.pt) and the model is recorded in the project:\n"
         "the best on validation when 3+ cases validate (best_checkpoint_min_cases), else\n"
         "the last weights.\n"
         "A finished run with 3+ labelled volumes then trains a quality predictor (its own\n"
         "outputs as real imperfect masks) and records it as model \"quality\"\n"
         "(--no-quality skips it). quality-guided uses the project's newest one.\n"
         "Corrections saved while it runs are picked up within seconds.\n"
         "Checkpoints are written atomically (--checkpoint-interval); --resume continues\n"
         "an interrupted run from its last one.",
         1, 1, options},
        runTrain};
}

}  // namespace segloop::cli
