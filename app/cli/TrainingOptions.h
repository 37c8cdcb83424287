#pragma once

#include <vector>

#include "app/cli/CommandLine.h"
#include "learning/settings/TrainingSettings.h"

namespace segloop::cli {

/// The options of `train`: --preset, one per setting that the settings table gives an option
/// (learning/settings/SettingsSchema.cpp: help, choices and defaults from there), --patch,
/// --settings-of and --set.
std::vector<OptionSpec> trainingOptionSpecs();

/// TrainingSettings from parsed options over `base` (a preset's settings, or a recorded run's
/// for `--settings-of`): an absent option keeps base's value; `classes`
/// includes background. Throws UsageError for malformed or out-of-range values, with the
/// settings table's message.
TrainingSettings trainingSettingsFrom(const ParsedArguments& arguments, int64_t classes,
                                      const TrainingSettings& base = TrainingSettings{});

}  // namespace segloop::cli
