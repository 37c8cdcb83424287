#include "workflow/TrainingRunRecording.h"

#include "storage/Project.h"
#include "workflow/TrainingMemoryRecord.h"

namespace segloop {
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
    return project.trainingRuns().start(method, "{\"settings\":" + jsonString(settingsText) + "}",
                                        datasetRevision, baseModelId);
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
        model.metricsJson =
            "{\"best_validation_dice\":" + std::to_string(outcome.bestValidationDice) +
            ",\"last_validation_dice\":" + std::to_string(outcome.lastValidationDice) +
            ",\"kept\":\"" + (outcome.bestCheckpoint.empty() ? "last" : "best") + "\"" +
            ",\"iterations\":" + std::to_string(outcome.iterations) + "}";
        recorded.segmentation = project.models().add(model);
        project.trainingRuns().setModel(runId, *recorded.segmentation);
    }
    if (!outcome.qualityCheckpoint.empty()) {
        ModelRecord quality;
        quality.name = "quality";
        quality.method = "quality-predictor";
        quality.dataPath = projectRelative(project, outcome.qualityCheckpoint);
        const std::string& metrics = outcome.qualityMetricsJson;
        quality.metricsJson = "{\"training_run\":" + std::to_string(runId) +
                              (metrics.size() > 2 ? "," + metrics.substr(1) : "}");
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
