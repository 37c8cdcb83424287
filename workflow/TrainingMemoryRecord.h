#pragma once

#include <cstdint>

#include "learning/training/TrainingOutcome.h"

namespace segloop {

class Project;

/// Records in run `runId`'s parameters JSON that it lowered its load after running out of
/// memory: "settings" becomes the lowered settings text (as the run's checkpoints have them),
/// "settings_at_start" keeps the first settings it was started with, and "memory_notices"
/// gains the outcome's notices. Nothing when the outcome has no lowered settings. Called by
/// recordTrainingOutcome.
void recordLoweredTrainingLoad(Project& project, int64_t runId, const TrainingOutcome& outcome);

}  // namespace segloop
