#pragma once

#include "learning/settings/TrainingSettings.h"
#include "learning/training/TrainingOutcome.h"

#include <cstddef>
#include <string>

namespace segloop {

/// Whether a run keeps its best-on-validation weights (true) or its last ones: the best only
/// when the validation split holds at least settings.bestCheckpointMinCases cases, so that one
/// held-out volume does not decide which weights a small labelled set ends with.
bool choosesBestCheckpoint(const TrainingSettings& settings, size_t validationCases);

/// One line for the user on the weights a finished run kept and why, e.g. "kept the last
/// weights (validation Dice 0.8312): 1 validation case is too few to choose the best by (fewer
/// than 3)"; empty when no validation ran.
std::string describeCheckpointChoice(const TrainingSettings& settings, size_t validationCases,
                                     const TrainingOutcome& outcome);

}  // namespace segloop
