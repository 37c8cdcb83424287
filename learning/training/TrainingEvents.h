#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace segloop {

/// A training step ran out of memory; the trainer lowered its load by one change and redid it.
/// Plain values, like the other events.
struct MemoryReduction {
    int64_t iteration = 0;  ///< 1-based number of the step that ran out of memory
    std::string change;     ///< "labelled batch 4 -> 2", "patch 32x48x32 -> 24x32x24"
    /// For the user: "GPU out of memory at step 3: labelled batch 4 -> 2, training goes on".
    std::string message;
    std::string error;  ///< the first line of LibTorch's own error
};

/// One training step, as reported to listeners (plain values; safe to copy to the GUI thread).
struct StepReport {
    int64_t iteration = 0;   ///< 1-based number of the step just done
    int64_t iterations = 0;  ///< planned total
    double loss = 0;
    std::map<std::string, double> parts;  ///< method-specific terms and region fractions
    double learningRate = 0;
    double secondsPerStep = 0;  ///< moving average
    double etaSeconds = 0;
    /// Out-of-memory errors this step recovered from, oldest first (normally none).
    std::vector<MemoryReduction> memoryReductions;
};

/// Validation of the teacher (or the student for supervised) on the validation cases.
struct ValidationReport {
    int64_t iteration = 0;
    double meanDice = 0;                   ///< over cases and foreground classes
    std::vector<double> meanDicePerClass;  ///< index 0 is class 1
    bool best = false;                     ///< best so far: saved as the "best" checkpoint
};

/// One step of the quality predictor trained automatically after a run (AutoQualitySettings).
struct QualityTrainingProgress {
    int64_t iteration = 0;   ///< 1-based
    int64_t iterations = 0;  ///< planned total
    double loss = 0;
    double secondsPerStep = 0;
};

}  // namespace segloop
