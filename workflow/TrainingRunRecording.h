#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "learning/training/TrainingOutcome.h"

namespace segloop {

class Project;

/// The folder of run `runId`'s checkpoints: data/models/run-N in the project.
std::string trainingRunFolder(const Project& project, int64_t runId);

/// Records a training run that starts now (status running): its method, its settings text
/// (settingsToText) in the parameters JSON as {"settings": "..."}, and the dataset revision
/// it trains on, and the model it starts from when fine-tuning. Returns the run's id. Used by
/// TrainingSession.
int64_t recordTrainingRunStart(Project& project, const std::string& method,
                               const std::string& settingsText, int64_t datasetRevision,
                               std::optional<int64_t> baseModelId = std::nullopt);

/// The model versions recordTrainingOutcome() added.
struct RecordedTrainingModels {
    std::optional<int64_t> segmentation;  ///< model "segmentation"
    std::optional<int64_t> quality;       ///< model "quality", when the run trained one
};

/// Records how run `runId` ended. Failed: status failed with the message, no model. Otherwise
/// the segmentation weights (best checkpoint, else latest; name "segmentation", `method`,
/// metrics best_validation_dice and iterations) become a model linked to the run, the
/// automatically trained quality predictor (when outcome has one) a model "quality"
/// (method "quality-predictor"), and the status becomes finished (stopped: cancelled).
/// Paths are stored relative to the project folder. A run that lowered its load after running
/// out of memory records that first (recordLoweredTrainingLoad).
RecordedTrainingModels recordTrainingOutcome(Project& project, int64_t runId,
                                             const std::string& method,
                                             const TrainingOutcome& outcome);

/// The absolute path of the project's newest quality predictor (model "quality"), the default
/// of quality-guided training; nullopt when the project has none.
std::optional<std::string> latestQualityModelPath(Project& project);

}  // namespace segloop
