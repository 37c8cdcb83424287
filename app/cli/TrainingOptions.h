#pragma once

#include <vector>

#include "app/cli/CommandLine.h"
#include "core/learning/training/TrainingSettings.h"

namespace segloop::cli {

/// The options `train` shares with the benchmarks: method, iterations, network, patch, device.
std::vector<OptionSpec> trainingOptionSpecs();

/// TrainingSettings from parsed options (defaults where an option is absent); `classes`
/// includes background. Throws UsageError for malformed values.
TrainingSettings trainingSettingsFrom(const ParsedArguments& arguments, int64_t classes);

}  // namespace segloop::cli
