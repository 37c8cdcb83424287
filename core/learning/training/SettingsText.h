#pragma once

#include <string>

#include "core/learning/training/TrainingSettings.h"

namespace segloop {

/// TrainingSettings as `key = value` lines (stable names, one per field), for checkpoints and
/// model bundles, and back. Unknown keys are refused with an Error naming `source`; missing
/// keys keep their defaults, so older checkpoints stay readable.
std::string settingsToText(const TrainingSettings& settings);
TrainingSettings settingsFromText(const std::string& text, const std::string& source);

}  // namespace segloop
