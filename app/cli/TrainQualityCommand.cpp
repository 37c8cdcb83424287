// `train-quality`: trains the quality predictor on the project's labels and reports how well it
// ranks held-out masks.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/cli/Commands.h"
#include "app/cli/TerminalProgress.h"
#include "core/Error.h"
#include "core/learning/data/RandomStream.h"
#include "core/learning/inference/SegmentationModel.h"
#include "core/learning/quality/QualityEvaluation.h"
#include "core/learning/quality/QualityTrainer.h"
#include "storage/Project.h"
#include "storage/ProjectTrainingCases.h"

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
    settings.classes = classes;
    settings.iterations = arguments.intValue("iterations", int(settings.iterations));
    settings.batchSize = arguments.intValue("batch", int(settings.batchSize));
    settings.baseChannels = arguments.intValue("base-channels", int(settings.baseChannels));
    settings.threads = arguments.intValue("threads", settings.threads);
    settings.seed = uint64_t(arguments.intValue("seed", int(settings.seed)));
    settings.device = arguments.value("device", settings.device);
    settings.learningRate = doubleValue(arguments, "learning-rate", settings.learningRate);
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

/// Splits the labelled cases: a seeded shuffle, the last round(fraction * n) held out (at least
/// one when fraction > 0 and there are two or more).
void splitLabelled(const TrainingCases& all, double fraction, uint64_t seed, TrainingCases& train,
                   TrainingCases& heldOut) {
    TrainingCases labelled;
    for (const TrainingCase& c : all) {
        if (c.labelled()) {
            labelled.push_back(c);
        }
    }
    RandomStream random(seed);
    for (size_t n = labelled.size(); n > 1; --n) {
        std::swap(labelled[n - 1], labelled[random.uniformIndex(n)]);
    }
    size_t held = size_t(std::lround(fraction * double(labelled.size())));
    if (fraction > 0 && labelled.size() >= 2) {
        held = std::clamp<size_t>(held, 1, labelled.size() - 1);
    }
    train.assign(labelled.begin(), labelled.end() - long(held));
    heldOut.assign(labelled.end() - long(held), labelled.end());
}

/// Real imperfect masks: the outputs of the project's newest segmentation model (its recorded
/// checkpoint and, when different, the run's latest one) on the training cases.
void addProjectModelMasks(Project& project, QualityTrainer& trainer, const std::string& device) {
    const std::optional<ModelRecord> model = project.models().latest("segmentation");
    if (!model || model->dataPath.empty()) {
        return;
    }
    const std::string recorded = project.layout().folder + "/" + model->dataPath;
    std::vector<std::string> checkpoints{recorded};
    const std::string latest = std::filesystem::path(recorded).parent_path().string() + "/latest.pt";
    if (latest != recorded && std::filesystem::exists(latest)) {
        checkpoints.push_back(latest);
    }
    for (const std::string& checkpoint : checkpoints) {
        const auto segmentation = SegmentationModel::load(checkpoint, device);
        const size_t added = trainer.addModelPredictions(*segmentation);
        std::printf("Added %zu real masks from %s\n", added, checkpoint.c_str());
    }
}

/// Real errors with a known Dice: the pseudo-labels that the training cases' human or corrected
/// labels replaced (held-out cases are not passed in). A file that cannot be read is named and
/// skipped: the labels themselves are intact.
void addReplacedPseudoLabels(Project& project, QualityTrainer& trainer, const TrainingCases& train) {
    std::vector<std::string> unreadable;
    const size_t added = trainer.addRealMaskFiles(replacedPseudoLabels(project, train), &unreadable);
    for (const std::string& problem : unreadable) {
        std::fprintf(stderr, "Skipped a replaced pseudo-label: %s\n", problem.c_str());
    }
    if (added > 0) {
        std::printf("Added %zu real masks from pseudo-labels that corrections replaced\n", added);
    }
}

int runTrainQuality(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    const std::vector<LabelSet> labelSets = project.labelSets().list();
    const int64_t classes = labelSets.empty() ? 2 : int64_t(labelSets.front().classes.size()) + 1;
    const QualitySettings settings = settingsFrom(arguments, classes);
    const double holdout = doubleValue(arguments, "holdout", 0.2);
    if (holdout < 0 || holdout >= 1) {
        throw UsageError{"--holdout needs a fraction in [0, 1)"};
    }
    const ProjectDataset dataset = readProjectDataset(project);
    TrainingCases train, heldOut;
    splitLabelled(dataset.cases, holdout, settings.seed, train, heldOut);
    if (train.empty()) {
        throw Error(arguments.positional[0], "has no labelled volume to train the quality predictor on");
    }
    const int64_t runId = project.trainingRuns().start(
        "quality", "{\"holdout\":" + std::to_string(holdout) + "}", dataset.revision);
    const std::string folder = project.layout().modelsFolder() + "/quality-run-" + std::to_string(runId);
    std::filesystem::create_directories(folder);
    std::printf("Quality run %lld: %zu training cases, %zu held out, %lld iterations -> %s\n",
                static_cast<long long>(runId), train.size(), heldOut.size(),
                static_cast<long long>(settings.iterations), folder.c_str());
    std::fflush(stdout);

    QualityTrainer trainer(settings, train);
    if (!arguments.has("no-model-masks")) {
        addProjectModelMasks(project, trainer, settings.device);
        addReplacedPseudoLabels(project, trainer, train);
    }
    const auto started = std::chrono::steady_clock::now();
    auto lastPrint = started - std::chrono::seconds(10);
    bool stopped = false;
    while (trainer.iteration() < settings.iterations) {
        if (TerminalProgress::interrupted()) {
            stopped = true;
            break;
        }
        const QualityStepReport step = trainer.step();
        const auto now = std::chrono::steady_clock::now();
        if (step.iteration == 1 || step.iteration == settings.iterations ||
            now - lastPrint >= std::chrono::seconds(2)) {
            lastPrint = now;
            const double elapsed = std::chrono::duration<double>(now - started).count();
            std::fprintf(stderr,
                         "iteration %lld/%lld  loss %.4f (regression %.4f, ranking %.4f)  lr %.6f  "
                         "%.2f s/step  ETA %.0f s\n",
                         static_cast<long long>(step.iteration),
                         static_cast<long long>(settings.iterations), step.loss, step.regression,
                         step.ranking, step.learningRate, elapsed / double(step.iteration),
                         elapsed / double(step.iteration) * double(settings.iterations - step.iteration));
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (stopped) {
        project.trainingRuns().setStatus(runId, TrainingStatus::Cancelled, "interrupted");
        std::printf("Stopped after %lld iterations; no model recorded\n",
                    static_cast<long long>(trainer.iteration()));
        return kExitCancelled;
    }
    const std::string weights = folder + "/quality.pt";
    trainer.predictor().save(weights);

    std::string metrics = "{\"iterations\":" + std::to_string(trainer.iteration()) +
                          ",\"training_seconds\":" + std::to_string(seconds) +
                          ",\"training_cases\":" + std::to_string(train.size()) +
                          ",\"held_out_cases\":" + std::to_string(heldOut.size());
    if (!heldOut.empty()) {
        const QualityEvaluation evaluation = evaluateQualityPredictor(trainer.predictor(), heldOut);
        std::printf("%s", describeQualityEvaluation(evaluation).c_str());
        metrics += "," + qualityEvaluationJson(evaluation);
    }
    metrics += "}";
    ModelRecord model;
    model.name = "quality";
    model.method = "quality-predictor";
    model.dataPath = weights.substr(project.layout().folder.size() + 1);
    model.metricsJson = metrics;
    const int64_t modelId = project.models().add(model);
    project.trainingRuns().setModel(runId, modelId);
    project.trainingRuns().setStatus(runId, TrainingStatus::Finished);
    std::printf("Finished after %lld iterations in %.0f s; model %lld (%s)\n",
                static_cast<long long>(trainer.iteration()), seconds,
                static_cast<long long>(modelId), model.dataPath.c_str());
    return kExitOk;
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
             1, 1,
             {{"iterations", "N", "training steps (default 1500)"},
              {"batch", "N", "masks per step, at least 2 (default 8)"},
              {"learning-rate", "RATE", "AdamW learning rate (default 0.001)"},
              {"crop", "XxYxZ", "network input size (default 32x48x32)"},
              {"base-channels", "N", "channels of the first level (default 8)"},
              {"holdout", "FRACTION", "labelled volumes held out for the report (default 0.2)"},
              {"device", "auto|cpu|cuda", "where to train (default auto)"},
              {"threads", "N", "CPU threads (default: all cores)"},
              {"seed", "N", "seed of the split, the masks and the weights (default 1)"},
              {"no-model-masks", "",
               "corrupted labels only: no model outputs, no replaced pseudo-labels"}}},
            runTrainQuality};
}

}  // namespace segloop::cli
