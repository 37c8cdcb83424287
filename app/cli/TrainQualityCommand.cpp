// `train-quality`: trains the quality predictor on the project's labels and reports how well it
// ranks held-out masks.
#include <chrono>
#include <cstdio>

#include "app/cli/Commands.h"
#include "app/cli/SettingOptions.h"
#include "app/cli/TerminalProgress.h"
#include "core/Error.h"
#include "learning/quality/QualityTrainer.h"
#include "storage/Project.h"
#include "workflow/ProjectLabelSet.h"
#include "workflow/QualityPredictorTraining.h"

namespace segloop::cli {
namespace {

double doubleValue(const ParsedArguments& arguments, const std::string& option, double fallback) {
    if (!arguments.has(option)) {
        return fallback;
    }
    try {
        size_t used = 0;
        const double value = std::stod(arguments.value(option), &used);
        if (used == arguments.value(option).size()) {
            return value;
        }
    } catch (const std::exception&) {
    }
    throw UsageError{"--" + option + " needs a number, not '" + arguments.value(option) + "'"};
}

QualitySettings settingsFrom(const ParsedArguments& arguments, int64_t classes) {
    QualitySettings settings;
    applySettingOptions(qualitySettingFields(), arguments, settings);
    settings.classes = classes;
    if (arguments.has("crop")) {
        int x = 0, y = 0, z = 0;
        char tail = 0;
        if (std::sscanf(arguments.value("crop").c_str(), "%dx%dx%d%c", &x, &y, &z, &tail) != 3) {
            throw UsageError{"--crop needs XxYxZ, e.g. 32x48x32"};
        }
        settings.cropSize = {x, y, z};
    }
    try {
        validateQualitySettings(settings);
    } catch (const Error& error) {
        throw UsageError{error.what()};
    }
    return settings;
}

/// Prints a step at most every 2 s (and the first and last), on stderr.
class StepPrinter {
  public:
    explicit StepPrinter(int64_t iterations) : iterations_(iterations) {}
    void operator()(const QualityStepReport& step) {
        const auto now = std::chrono::steady_clock::now();
        if (step.iteration != 1 && step.iteration != iterations_ &&
            now - lastPrint_ < std::chrono::seconds(2)) {
            return;
        }
        lastPrint_ = now;
        const double elapsed = std::chrono::duration<double>(now - started_).count();
        std::fprintf(stderr,
                     "iteration %lld/%lld  loss %.4f (regression %.4f, ranking %.4f)  lr %.6f  "
                     "%.2f s/step  ETA %.0f s\n",
                     static_cast<long long>(step.iteration), static_cast<long long>(iterations_),
                     step.loss, step.regression, step.ranking, step.learningRate,
                     elapsed / double(step.iteration),
                     elapsed / double(step.iteration) * double(iterations_ - step.iteration));
    }

  private:
    int64_t iterations_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point lastPrint_{};
};

/// Cancels when Ctrl-C was pressed.
class InterruptProgress final : public Progress {
  public:
    bool update(const std::string&, size_t, size_t) override {
        return !TerminalProgress::interrupted();
    }
};

int runTrainQuality(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    QualityTrainingRequest request;
    request.settings = settingsFrom(arguments, projectClassCount(project));
    request.holdout = doubleValue(arguments, "holdout", request.holdout);
    if (request.holdout < 0 || request.holdout >= 1) {
        throw UsageError{"--holdout needs a fraction in [0, 1)"};
    }
    request.modelMasks = !arguments.has("no-model-masks");
    std::printf("Training the quality predictor (%lld iterations)\n",
                static_cast<long long>(request.settings.iterations));
    std::fflush(stdout);
    InterruptProgress progress;
    StepPrinter printer(request.settings.iterations);
    const QualityTrainingReport report =
        trainQualityPredictor(project, request, &progress, printer);
    for (const std::string& note : report.notes) {
        std::printf("%s\n", note.c_str());
    }
    std::printf("Quality run %lld: %zu training cases, %zu held out\n",
                static_cast<long long>(report.runId), report.trainingCases, report.heldOutCases);
    if (report.stopped) {
        std::printf("Stopped after %lld iterations; no model recorded\n",
                    static_cast<long long>(report.iterations));
        return kExitCancelled;
    }
    std::printf("%s", report.evaluation.c_str());
    std::printf("Finished after %lld iterations in %.0f s; model %lld (%s)\n",
                static_cast<long long>(report.iterations), report.seconds,
                static_cast<long long>(*report.modelId), report.weightsPath.c_str());
    return kExitOk;
}

/// The quality settings' options from their table (help, defaults), then the request's own.
std::vector<OptionSpec> trainQualityOptions() {
    const QualitySettings defaults;
    std::vector<OptionSpec> options = settingOptions(qualitySettingFields(), defaults);
    const auto& crop = defaults.cropSize;
    options.push_back({"crop", "XxYxZ",
                       "network input size, the crop_* settings at once (default " +
                           std::to_string(crop[0]) + "x" + std::to_string(crop[1]) + "x" +
                           std::to_string(crop[2]) + ")"});
    options.push_back({"holdout", "FRACTION",
                       "labelled volumes held out for the report (default " +
                           shortNumber(QualityTrainingRequest{}.holdout) + ")"});
    options.push_back({"no-model-masks", "",
                       "corrupted labels only: no model outputs, no replaced pseudo-labels"});
    return options;
}

}  // namespace

Command trainQualityCommand() {
    return {{"train-quality", "Train the quality predictor on the project's labels (Ctrl-C stops).",
             "PROJECT",
             "Learns to predict a mask's Dice from the image and the mask: masks made worse on\n"
             "purpose from the human/corrected labels, and real masks unless --no-model-masks:\n"
             "the outputs of the project's newest segmentation model and the pseudo-labels that\n"
             "the labels replaced, each scored by its label. A seeded fraction of the labelled\n"
             "volumes (--holdout, default 0.2) is never trained on; at the end it reports the\n"
             "Spearman and Pearson correlation and the mean absolute error between predicted and\n"
             "true Dice over a fixed set of corruptions of those volumes. The weights go to\n"
             "data/models/quality-run-N/quality.pt, recorded as model \"quality\".",
             1, 1, trainQualityOptions()},
            runTrainQuality};
}

}  // namespace segloop::cli
