// `train`: a training run on the project's labels, in the background service, with progress.
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "app/cli/Commands.h"
#include "app/cli/TerminalProgress.h"
#include "app/cli/TrainingOptions.h"
#include "core/Error.h"
#include "core/learning/training/SettingsText.h"
#include "core/learning/training/TrainingService.h"
#include "storage/Project.h"
#include "storage/ProjectTrainingCases.h"
#include "storage/TrainingRunRecording.h"

namespace segloop::cli {
namespace {

/// Prints the service's events (called on the worker thread; stdout/stderr only).
class PrintingListener final : public TrainingListener {
public:
    void onStep(const StepReport& step) override {
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
    void onDatasetRevision(int64_t revision) override {
        std::fprintf(stderr, "picked up dataset revision %lld\n", static_cast<long long>(revision));
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
    std::chrono::steady_clock::time_point lastPrint_{};
    std::mutex mutex_;
    TrainingOutcome outcome_;
};

/// Splits the project's cases: `labelled` first labelled volumes train (the rest of the labels
/// are hidden), 20% of them (at least one) validate when there are five or more; otherwise the
/// labelled training cases also validate.
void splitCases(const TrainingCases& all, int labelled, TrainingCases& train,
                TrainingCases& validation) {
    TrainingCases labelledCases;
    for (const TrainingCase& c : all) {
        if (c.labelled()) {
            labelledCases.push_back(c);
        } else {
            train.push_back(c);
        }
    }
    if (labelled > 0 && size_t(labelled) < labelledCases.size()) {
        for (size_t n = size_t(labelled); n < labelledCases.size(); ++n) {
            TrainingCase hidden = labelledCases[n];
            hidden.labelPath.clear();
            train.push_back(hidden);
        }
        labelledCases.resize(size_t(labelled));
    }
    const size_t held = labelledCases.size() >= 5 ? std::max<size_t>(1, labelledCases.size() / 5) : 0;
    validation.assign(labelledCases.end() - long(held), labelledCases.end());
    train.insert(train.end(), labelledCases.begin(), labelledCases.end() - long(held));
    if (held == 0) {
        validation = labelledCases;
    }
}

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

int runTrain(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    const std::vector<LabelSet> labelSets = project.labelSets().list();
    const int64_t classes = labelSets.empty() ? 2 : int64_t(labelSets.front().classes.size()) + 1;
    TrainingJob job;
    job.settings = trainingSettingsFrom(arguments, classes);
    const ProjectDataset dataset = readProjectDataset(project);
    job.datasetRevision = dataset.revision;
    splitCases(dataset.cases, arguments.intValue("labeled", 0), job.train, job.validation);

    if (job.settings.method == "quality-guided" &&
        job.settings.methodSettings.qualityModelPath.empty()) {
        const std::optional<std::string> quality = latestQualityModelPath(project);
        if (!quality) {
            throw Error(arguments.positional[0],
                        "has no quality predictor for quality-guided training (run segloop-cli "
                        "train-quality or a training run with 3+ labelled volumes first, or pass "
                        "--quality-model PATH)");
        }
        job.settings.methodSettings.qualityModelPath = *quality;
    }
    job.quality = autoQualityFrom(arguments);
    if (job.quality.enabled) {
        job.quality.replacedPseudoLabels = replacedPseudoLabels(project, dataset.cases);
    }
    const int64_t runId = recordTrainingRunStart(project, job.settings.method,
                                                 settingsToText(job.settings), dataset.revision);
    job.outputFolder = project.layout().modelsFolder() + "/run-" + std::to_string(runId);
    std::printf("Training run %lld: %s on %zu cases (%zu validation), %lld iterations -> %s\n",
                static_cast<long long>(runId), job.settings.method.c_str(), job.train.size(),
                job.validation.size(), static_cast<long long>(job.settings.iterations),
                job.outputFolder.c_str());
    std::fflush(stdout);

    PrintingListener listener;
    TrainingService service(listener);
    service.start(job);
    int64_t revision = dataset.revision;
    auto lastCheck = std::chrono::steady_clock::now();
    while (service.running()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (TerminalProgress::interrupted()) {
            service.stop();
        }
        // Corrections saved meanwhile (by the desktop app, another CLI) reach the run here.
        if (std::chrono::steady_clock::now() - lastCheck > std::chrono::seconds(5)) {
            lastCheck = std::chrono::steady_clock::now();
            if (project.settings().datasetRevision() != revision) {
                const ProjectDataset updated = readProjectDataset(project);
                DatasetUpdate update;
                splitCases(updated.cases, arguments.intValue("labeled", 0), update.train,
                           update.validation);
                update.revision = updated.revision;
                if (job.quality.enabled)
                    update.replacedPseudoLabels = replacedPseudoLabels(project, updated.cases);
                service.updateDataset(std::move(update));
                revision = updated.revision;
            }
        }
    }
    service.wait();
    const TrainingOutcome outcome = listener.outcome();
    const RecordedTrainingModels recorded =
        recordTrainingOutcome(project, runId, job.settings.method, outcome);
    if (outcome.status == TrainingOutcome::Status::Failed) {
        throw Error("training run " + std::to_string(runId), outcome.message);
    }
    const bool stopped = outcome.status == TrainingOutcome::Status::Stopped;
    std::printf("%s after %lld iterations; model %lld (%s), best validation Dice %.4f\n",
                stopped ? "Stopped" : "Finished", static_cast<long long>(outcome.iterations),
                static_cast<long long>(recorded.segmentation.value_or(0)),
                outcome.modelCheckpoint().substr(project.layout().folder.size() + 1).c_str(),
                outcome.bestValidationDice);
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
    options.push_back({"no-quality", "", "do not train a quality predictor after the run"});
    options.push_back({"quality-iterations", "N",
                       "steps of the quality predictor trained after the run (default 300)"});
    options.push_back(
        {"quality-min-cases", "N", "labelled volumes needed to train it (default 3)"});
    return {
        {"train", "Train a segmentation model on the project's labels (Ctrl-C stops).", "PROJECT",
         "Trains in a background thread with the chosen semi-supervised method: labelled\n"
         "volumes are those with a human or corrected label; all others are unlabelled.\n"
         "With five or more labelled volumes, 20% of them validate; checkpoints go to\n"
         "data/models/run-N (best.pt, latest.pt) and the model is recorded in the project.\n"
         "A finished run with 3+ labelled volumes then trains a quality predictor (its own\n"
         "outputs as real imperfect masks) and records it as model \"quality\"\n"
         "(--no-quality skips it). quality-guided uses the project's newest one.\n"
         "Corrections saved while it runs are picked up within seconds.",
         1, 1, options},
        runTrain};
}

}  // namespace segloop::cli
