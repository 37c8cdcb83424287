#pragma once

#include <vector>

#include "app/cli/CommandLine.h"
#include "core/learning/training/TrainingSettings.h"

namespace segloop::cli {

/// The options `train` shares with the benchmarks: method, iterations, network, patch, device.
std::vector<OptionSpec> trainingOptionSpecs();

/// TrainingSettings from parsed options over `base` (the engine's defaults, or a recorded run's
/// settings for `--settings-of`): an absent option keeps base's value; `classes` includes
/// background. Throws UsageError for malformed or out-of-range values.
TrainingSettings trainingSettingsFrom(const ParsedArguments& arguments, int64_t classes,
                                      const TrainingSettings& base = TrainingSettings{});

}  // namespace segloop::cli
