#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "learning/settings/TrainingSettings.h"

namespace segloop {

class Project;

/// The settings to run training run `runId` again with, in either front end: all it recorded
/// (its settings text, read and checked by the settings table) but the quality predictor's
/// path, which a new run takes from the project (its newest). An Error names the run when it
/// does not exist or recorded no settings.
TrainingSettings rerunSettings(Project& project, int64_t runId);

/// The preset (learning/settings/TrainingPresets.h) a new run starts from where the user names
/// none, in either front end: the default for where it will train (`deviceSetting` "auto",
/// "cpu" or "cuda").
std::string newRunPreset(const std::string& deviceSetting);

/// The newest training run of the project, or nullopt when it has none.
std::optional<int64_t> newestTrainingRunId(Project& project);

}  // namespace segloop
