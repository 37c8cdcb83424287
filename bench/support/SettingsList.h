#pragma once

#include "learning/settings/SettingsText.h"

#include <sstream>
#include <string>

namespace segloop::bench {

/// "key = value; key = value" (the benchmarks' SEGLOOP_*_SETTINGS variables) as SettingsText
/// lines, one per key, leading blanks dropped.
inline std::string settingsLines(const std::string& list) {
    std::string lines;
    std::istringstream parts(list);
    for (std::string part; std::getline(parts, part, ';');) {
        const size_t first = part.find_first_not_of(' ');
        if (first != std::string::npos)
            lines += part.substr(first) + "\n";
    }
    return lines;
}

/// `settings` with SettingsText `lines` applied over them (later lines of a key win); errors
/// name `source`. Unchanged when `lines` is empty.
inline TrainingSettings withSettingsLines(const TrainingSettings& settings,
                                          const std::string& lines, const std::string& source) {
    return settingsWithAssignments(settings, lines, source);
}

}  // namespace segloop::bench
