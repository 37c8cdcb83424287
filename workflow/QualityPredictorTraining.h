#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "learning/quality/QualitySettings.h"

namespace segloop {

class Project;
struct QualityStepReport;

/// What a quality-predictor training is asked to do (`segloop-cli train-quality`, the window's
/// Train quality predictor).
struct QualityTrainingRequest {
    QualitySettings settings;  ///< classes is set from the project's label set
    /// Labelled volumes held out for the report (a seeded shuffle; at least one when > 0).
    double holdout = 0.2;
    /// Real masks besides corrupted labels: the newest segmentation model's outputs and the
    /// pseudo-labels the labels replaced.
    bool modelMasks = true;
};

/// What it did.
struct QualityTrainingReport {
    int64_t runId = 0;
    std::optional<int64_t> modelId;  ///< none when stopped
    std::string weightsPath;         ///< relative to the project folder
    size_t trainingCases = 0;
    size_t heldOutCases = 0;
    int64_t iterations = 0;
    double seconds = 0;
    bool stopped = false;
    std::string evaluation;          ///< the held-out report (Spearman, Pearson, MAE), as text
    std::vector<std::string> notes;  ///< real masks added, unreadable files skipped
};

/// Trains the quality predictor on the project's labels of record, records the run and the
/// model "quality" (data/models/quality-run-N/quality.pt) with its held-out evaluation.
/// Progress "Training the quality predictor" per step; a cancel stops it (the run is recorded
/// cancelled, no model) and returns with `stopped`. `onStep` (optional) sees every step.
/// Error when nothing is labelled. LibTorch on the calling thread, which owns `project`.
QualityTrainingReport trainQualityPredictor(
    Project& project, QualityTrainingRequest request, Progress* progress = nullptr,
    const std::function<void(const QualityStepReport&)>& onStep = {});

}  // namespace segloop
