#include "workflow/TrainingRunRecording.h"

#include <nlohmann/json.hpp>

#include "storage/Project.h"
#include "workflow/TrainingMemoryRecord.h"

namespace segloop {
namespace {

using Json = nlohmann::ordered_json;  // fields stay in the order written

/// `json` as text. A string that is not UTF-8 (a path named on another system) gets U+FFFD for
/// its bad bytes instead of throwing: recording must not fail a run that trained.
std::string dumped(const Json& json) {
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

/// The quality predictor's metrics, with the run first (a non-finite loss is written null).
std::string qualityMetricsJson(int64_t runId, const AutoQualityMetrics& learnt) {
    Json metrics;
    metrics["training_run"] = runId;
    metrics["automatic"] = true;
    metrics["iterations"] = learnt.iterations;
    metrics["training_seconds"] = learnt.trainingSeconds;
    metrics["training_cases"] = learnt.trainingCases;
    metrics["real_masks"] = learnt.realMasks;
    metrics["replaced_pseudo_labels"] = learnt.replacedPseudoLabels;
    metrics["unreadable_pseudo_labels"] = learnt.unreadablePseudoLabels;
    metrics["final_loss"] = learnt.finalLoss;
    return dumped(metrics);
}

/// `path` relative to the project folder when it lies inside it, else unchanged.
std::string projectRelative(const Project& project, const std::string& path) {
    const std::string folder = project.layout().folder + "/";
    return path.compare(0, folder.size(), folder) == 0 ? path.substr(folder.size()) : path;
}

}  // namespace

std::string trainingRunFolder(const Project& project, int64_t runId) {
    return project.layout().modelsFolder() + "/run-" + std::to_string(runId);
}

int64_t recordTrainingRunStart(Project& project, const std::string& method,
                               const std::string& settingsText, int64_t datasetRevision,
                               std::optional<int64_t> baseModelId) {
    Json parameters;
    parameters["settings"] = settingsText;
    return project.trainingRuns().start(method, dumped(parameters), datasetRevision, baseModelId);
}

RecordedTrainingModels recordTrainingOutcome(Project& project, int64_t runId,
                                             const std::string& method,
                                             const TrainingOutcome& outcome) {
    RecordedTrainingModels recorded;
    recordLoweredTrainingLoad(project, runId, outcome);  // out of memory: the lowered load
    if (outcome.status == TrainingOutcome::Status::Failed) {
        project.trainingRuns().setStatus(runId, TrainingStatus::Failed, outcome.message);
        return recorded;
    }
    if (!outcome.modelCheckpoint().empty()) {
        ModelRecord model;
        model.name = "segmentation";
        model.method = method;
        model.dataPath = projectRelative(project, outcome.modelCheckpoint());
        Json metrics;
        metrics["best_validation_dice"] = outcome.bestValidationDice;
        metrics["last_validation_dice"] = outcome.lastValidationDice;
        metrics["kept"] = outcome.bestCheckpoint.empty() ? "last" : "best";
        metrics["iterations"] = outcome.iterations;
        model.metricsJson = dumped(metrics);
        recorded.segmentation = project.models().add(model);
        project.trainingRuns().setModel(runId, *recorded.segmentation);
    }
    if (!outcome.qualityCheckpoint.empty()) {
        ModelRecord quality;
        quality.name = "quality";
        quality.method = "quality-predictor";
        quality.dataPath = projectRelative(project, outcome.qualityCheckpoint);
        quality.metricsJson = qualityMetricsJson(runId, outcome.qualityMetrics);
        recorded.quality = project.models().add(quality);
    }
    const bool stopped = outcome.status == TrainingOutcome::Status::Stopped;
    project.trainingRuns().setStatus(
        runId, stopped ? TrainingStatus::Cancelled : TrainingStatus::Finished);
    return recorded;
}

std::optional<std::string> latestQualityModelPath(Project& project) {
    const std::optional<ModelRecord> quality = project.models().latest("quality");
    if (!quality || quality->dataPath.empty()) {
        return std::nullopt;
    }
    return project.layout().folder + "/" + quality->dataPath;
}

}  // namespace segloop
