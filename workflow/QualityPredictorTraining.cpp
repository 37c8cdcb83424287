#include "workflow/QualityPredictorTraining.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "learning/data/RandomStream.h"
#include "learning/inference/SegmentationModel.h"
#include "learning/quality/QualityEvaluation.h"
#include "learning/quality/QualityTrainer.h"
#include "storage/Project.h"
#include "workflow/ProjectDataset.h"
#include "workflow/ProjectLabelSet.h"

namespace segloop {
namespace {

using Json = nlohmann::ordered_json;  // fields stay in the order written

/// Splits the labelled cases: a seeded shuffle, the last round(fraction * n) held out (at least
/// one when fraction > 0 and there are two or more).
void splitLabelled(const TrainingCases& all, double fraction, uint64_t seed, TrainingCases& train,
                   TrainingCases& heldOut) {
    TrainingCases labelled;
    for (const TrainingCase& c : all) {
        if (c.labelled())
            labelled.push_back(c);
    }
    RandomStream random(seed);
    for (size_t n = labelled.size(); n > 1; --n)
        std::swap(labelled[n - 1], labelled[random.uniformIndex(n)]);
    size_t held = size_t(std::lround(fraction * double(labelled.size())));
    if (fraction > 0 && labelled.size() >= 2)
        held = std::clamp<size_t>(held, 1, labelled.size() - 1);
    train.assign(labelled.begin(), labelled.end() - long(held));
    heldOut.assign(labelled.end() - long(held), labelled.end());
}

/// Real imperfect masks: the outputs of the project's newest segmentation model (its recorded
/// checkpoint and, when different, the run's latest one) on the training cases; then the
/// pseudo-labels that the training cases' labels of record replaced (held-out cases are not
/// passed in). A file that cannot be read is named in the notes and skipped.
void addRealMasks(Project& project, QualityTrainer& trainer, const TrainingCases& train,
                  const std::string& device, std::vector<std::string>& notes) {
    if (const std::optional<ModelRecord> model = project.models().latest("segmentation");
        model && !model->dataPath.empty()) {
        const std::string recorded = project.layout().absolute(model->dataPath);
        std::vector<std::string> checkpoints{recorded};
        const std::string latest =
            std::filesystem::path(recorded).parent_path().string() + "/latest.pt";
        if (latest != recorded && std::filesystem::exists(latest))
            checkpoints.push_back(latest);
        for (const std::string& checkpoint : checkpoints) {
            const size_t added =
                trainer.addModelPredictions(*SegmentationModel::load(checkpoint, device));
            notes.push_back("Added " + std::to_string(added) + " real masks from " + checkpoint);
        }
    }
    std::vector<std::string> unreadable;
    const size_t added =
        trainer.addRealMaskFiles(replacedPseudoLabels(project, train), &unreadable);
    for (const std::string& problem : unreadable)
        notes.push_back("Skipped a replaced pseudo-label: " + problem);
    if (added > 0) {
        notes.push_back("Added " + std::to_string(added) +
                        " real masks from pseudo-labels that corrections replaced");
    }
}

/// The held-out agreement as JSON members; a NaN correlation (one side constant) is written null.
void addEvaluation(Json& metrics, const QualityEvaluation& evaluation) {
    metrics["held_out_masks"] = evaluation.overall.count;
    metrics["held_out_spearman"] = evaluation.overall.spearman;
    metrics["held_out_pearson"] = evaluation.overall.pearson;
    metrics["held_out_mae"] = evaluation.overall.meanAbsoluteError;
}

}  // namespace

QualityTrainingReport trainQualityPredictor(
    Project& project, QualityTrainingRequest request, Progress* progress,
    const std::function<void(const QualityStepReport&)>& onStep) {
    QualitySettings& settings = request.settings;
    settings.classes = projectClassCount(project);
    validateQualitySettings(settings);
    const ProjectDataset dataset = readProjectDataset(project);
    TrainingCases train, heldOut;
    splitLabelled(dataset.cases, request.holdout, settings.seed, train, heldOut);
    if (train.empty()) {
        throw Error(project.layout().folder,
                    "has no labelled volume to train the quality predictor on");
    }
    QualityTrainingReport report;
    report.trainingCases = train.size();
    report.heldOutCases = heldOut.size();
    report.runId = project.trainingRuns().start(
        "quality", Json{{"holdout", request.holdout}}.dump(), dataset.revision);
    const std::string folder =
        project.layout().modelsFolder() + "/quality-run-" + std::to_string(report.runId);
    std::filesystem::create_directories(folder);

    QualityTrainer trainer(settings, train);
    if (request.modelMasks)
        addRealMasks(project, trainer, train, settings.device, report.notes);
    const auto started = std::chrono::steady_clock::now();
    const std::string stage = "Training the quality predictor";
    while (trainer.iteration() < settings.iterations) {
        if (progress &&
            !progress->update(stage, size_t(trainer.iteration()), size_t(settings.iterations))) {
            report.stopped = true;
            break;
        }
        const QualityStepReport step = trainer.step();
        if (onStep)
            onStep(step);
    }
    report.iterations = trainer.iteration();
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (report.stopped) {
        project.trainingRuns().setStatus(report.runId, TrainingStatus::Cancelled, "stopped");
        return report;
    }
    const std::string weights = folder + "/quality.pt";
    trainer.predictor().save(weights);
    Json metrics;
    metrics["iterations"] = trainer.iteration();
    metrics["training_seconds"] = report.seconds;
    metrics["training_cases"] = train.size();
    metrics["held_out_cases"] = heldOut.size();
    if (!heldOut.empty()) {
        const QualityEvaluation evaluation = evaluateQualityPredictor(trainer.predictor(), heldOut);
        report.evaluation = describeQualityEvaluation(evaluation);
        addEvaluation(metrics, evaluation);
    }
    ModelRecord model;
    model.name = "quality";
    model.method = "quality-predictor";
    model.dataPath = weights.substr(project.layout().folder.size() + 1);
    model.metricsJson = metrics.dump();
    report.weightsPath = model.dataPath;
    report.modelId = project.models().add(model);
    project.trainingRuns().setModel(report.runId, *report.modelId);
    project.trainingRuns().setStatus(report.runId, TrainingStatus::Finished);
    if (progress)
        progress->update(stage, size_t(settings.iterations), size_t(settings.iterations));
    return report;
}

}  // namespace segloop
