#pragma once

#include <string>
#include <vector>

#include "learning/settings/TrainingSettings.h"

namespace segloop {

/// TrainingSettings as `key = value` lines (stable names, one per field), for checkpoints and
/// model bundles, and back. Unknown keys are refused with an Error naming `source`; missing
/// keys keep their defaults, so older checkpoints stay readable.
std::string settingsToText(const TrainingSettings& settings);
TrainingSettings settingsFromText(const std::string& text, const std::string& source);

/// `settings` with "key = value" assignments (the names above) applied over them, separated by
/// ';' or new lines; a later assignment of a key wins. An unknown key, a line without '=' or a
/// bad value is an Error naming `source`. `train --set` and the benchmarks' *_SETTINGS.
TrainingSettings settingsWithAssignments(const TrainingSettings& settings,
                                         const std::string& assignments, const std::string& source);

/// The keys `assignments` (settingsWithAssignments' form) gives values to, in order; the same
/// Error for a line without '='.
std::vector<std::string> assignedSettingKeys(const std::string& assignments,
                                             const std::string& source);

}  // namespace segloop
