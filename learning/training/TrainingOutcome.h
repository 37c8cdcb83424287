#pragma once

// Plain values only (no LibTorch): storage records an outcome without linking the engine.
#include <cstdint>
#include <string>
#include <vector>

namespace segloop {

/// What the quality predictor trained after a run (AutoQualityTraining.h) learnt from; the
/// workflow records it as the model's metrics (JSON, written there with nlohmann).
struct AutoQualityMetrics {
    int64_t iterations = 0;
    double trainingSeconds = 0;
    int64_t trainingCases = 0;
    int64_t realMasks = 0;
    int64_t replacedPseudoLabels = 0;
    int64_t unreadablePseudoLabels = 0;
    double finalLoss = 0;
};

/// How a training run ended.
struct TrainingOutcome {
    enum class Status { Finished, Stopped, Failed } status = Status::Finished;
    int64_t iterations = 0;
    std::string message;         ///< the error for Failed
    std::string bestCheckpoint;  ///< empty when no validation ran
    std::string latestCheckpoint;
    double bestValidationDice = -1;
    double lastValidationDice = -1;  ///< the last validation's mean Dice (-1: none ran)
    /// Which weights the run kept and why, for the user ("the last weights: ..."); empty when
    /// no validation ran.
    std::string checkpointChoice;
    /// The quality predictor trained automatically at the end (AutoQualitySettings); empty
    /// when none was trained, with the reason in qualityNote.
    std::string qualityCheckpoint;
    AutoQualityMetrics qualityMetrics;  ///< when qualityCheckpoint is set
    std::string qualityNote;
    /// Each out-of-memory error the run recovered from ("GPU out of memory at step 3: labelled
    /// batch 4 -> 2, training goes on"), oldest first.
    std::vector<std::string> memoryNotices;
    /// The run's settings (settingsToText) after it lowered its load; empty when it never did.
    std::string loweredSettings;

    /// The segmentation weights to use: the best checkpoint, else the latest.
    const std::string& modelCheckpoint() const {
        return bestCheckpoint.empty() ? latestCheckpoint : bestCheckpoint;
    }
};

}  // namespace segloop
