#pragma once

// Plain values only (no LibTorch): storage records an outcome without linking the engine.
#include <cstdint>
#include <string>
#include <vector>

namespace segloop {

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
    std::string qualityMetricsJson = "{}";  ///< its iterations, cases, real masks, seconds
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
