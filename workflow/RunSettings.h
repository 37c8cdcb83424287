#pragma once

#include <cstdint>
#include <optional>

#include "core/learning/training/TrainingSettings.h"

namespace segloop {

class Project;

/// The settings training run `runId` ran with (its recorded settings text, read and checked by
/// the settings table), for "rerun with these settings" in either front end. An Error names
/// the run when it does not exist or recorded no settings.
TrainingSettings storedRunSettings(Project& project, int64_t runId);

/// The newest training run of the project, or nullopt when it has none.
std::optional<int64_t> newestTrainingRunId(Project& project);

}  // namespace segloop
