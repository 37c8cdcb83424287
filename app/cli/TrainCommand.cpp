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

namespace segloop::cli {
namespace {

/// `text` as a JSON string literal.
std::string jsonString(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (static_cast<unsigned char>(c) >= 0x20) {
            out += c;
        }
    }
    return out + "\"";
}

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

int runTrain(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    const std::vector<LabelSet> labelSets = project.labelSets().list();
    const int64_t classes = labelSets.empty() ? 2 : int64_t(labelSets.front().classes.size()) + 1;
    TrainingJob job;
    job.settings = trainingSettingsFrom(arguments, classes);
    const ProjectDataset dataset = readProjectDataset(project);
    job.datasetRevision = dataset.revision;
    splitCases(dataset.cases, arguments.intValue("labeled", 0), job.train, job.validation);

    const int64_t runId = project.trainingRuns().start(
        job.settings.method, "{\"settings\":" + jsonString(settingsToText(job.settings)) + "}",
        dataset.revision);
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
                TrainingCases train, validation;
                splitCases(updated.cases, arguments.intValue("labeled", 0), train, validation);
                service.updateDataset(train, validation, updated.revision);
                revision = updated.revision;
            }
        }
    }
    service.wait();
    const TrainingOutcome outcome = listener.outcome();
    if (outcome.status == TrainingOutcome::Status::Failed) {
        project.trainingRuns().setStatus(runId, TrainingStatus::Failed, outcome.message);
        throw Error("training run " + std::to_string(runId), outcome.message);
    }
    const std::string weights = outcome.bestCheckpoint.empty() ? outcome.latestCheckpoint
                                                                : outcome.bestCheckpoint;
    ModelRecord model;
    model.name = "segmentation";
    model.method = job.settings.method;
    model.dataPath = weights.substr(project.layout().folder.size() + 1);
    model.metricsJson = "{\"best_validation_dice\":" + std::to_string(outcome.bestValidationDice) +
                        ",\"iterations\":" + std::to_string(outcome.iterations) + "}";
    const int64_t modelId = project.models().add(model);
    project.trainingRuns().setModel(runId, modelId);
    const bool stopped = outcome.status == TrainingOutcome::Status::Stopped;
    project.trainingRuns().setStatus(runId, stopped ? TrainingStatus::Cancelled : TrainingStatus::Finished);
    std::printf("%s after %lld iterations; model %lld (%s), best validation Dice %.4f\n",
                stopped ? "Stopped" : "Finished", static_cast<long long>(outcome.iterations),
                static_cast<long long>(modelId), model.dataPath.c_str(), outcome.bestValidationDice);
    return stopped ? kExitCancelled : kExitOk;
}

}  // namespace

Command trainCommand() {
    std::vector<OptionSpec> options = trainingOptionSpecs();
    options.push_back({"labeled", "N", "use only the first N labelled volumes (default: all)"});
    return {{"train", "Train a segmentation model on the project's labels (Ctrl-C stops).",
             "PROJECT",
             "Trains in a background thread with the chosen semi-supervised method: labelled\n"
             "volumes are those with a human or corrected label; all others are unlabelled.\n"
             "With five or more labelled volumes, 20% of them validate; checkpoints go to\n"
             "data/models/run-N (best.pt, latest.pt) and the model is recorded in the project.\n"
             "Corrections saved while it runs are picked up within seconds.",
             1, 1, options},
            runTrain};
}

}  // namespace segloop::cli
