#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "learning/inference/ModelUncertainty.h"
#include "storage/ModelRepository.h"
#include "storage/VolumeRecord.h"
#include "workflow/PseudoLabelScoring.h"

namespace segloop {

class Project;

/// What predict-and-score is asked to do (the CLI's `predict`, the window's Predict).
struct PredictRequest {
    std::optional<int64_t> modelId;  ///< the segmentation model; default: the newest
    /// Also the volumes that have a label of record (their pseudo-labels never shadow it).
    bool all = false;
    bool regions = true;  ///< the SGRS region map beside each pseudo-label
    bool score = true;    ///< score the new pseudo-labels when there is a quality predictor
    std::string device = "auto";
    UncertaintySettings uncertainty;
};

/// What predict-and-score did.
struct PredictReport {
    int64_t modelId = 0;
    std::string modelMethod;
    std::vector<int64_t> savedLabelVersions;  ///< the new pseudo-labels, in volume order
    bool scored = false;
    ScoringReport scoring;
    /// Why the new pseudo-labels were not scored ("the project has no quality predictor ...").
    std::string notScoredBecause;
};

/// The volumes a prediction labels: those without a label of record, or every one (`all`).
std::vector<VolumeRecord> volumesToPredict(Project& project, bool all);

/// The segmentation model a request names, else the project's newest; Error when it has none.
ModelRecord chooseSegmentationModel(Project& project, std::optional<int64_t> modelId);

/// Labels the volumes with a segmentation model and scores each new pseudo-label with the
/// project's newest quality predictor (predicted quality, entropy, epistemic: the same job as
/// `segloop-cli score`), reusing the loaded model. Saves each pseudo-label (with uncertainty and
/// region maps, savePrediction) and each score as soon as it is made.
///
/// Progress: "Predicting" per volume, then "Scoring" per pseudo-label; cancel throws Cancelled
/// with everything saved so far kept. LibTorch work on the calling thread, which owns
/// `project` (the window runs it on a background thread with its own connection).
PredictReport predictAndScore(Project& project, const PredictRequest& request,
                              Progress* progress = nullptr);

}  // namespace segloop
