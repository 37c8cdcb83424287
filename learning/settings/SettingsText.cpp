#include "learning/settings/SettingsText.h"

#include <sstream>
#include <utility>
#include <vector>

#include "core/Error.h"
#include "learning/settings/SettingsSchema.h"

namespace segloop {

std::string settingsToText(const TrainingSettings& settings) {
    return settingsTextOf(trainingSettingFields(), settings);
}

TrainingSettings settingsFromText(const std::string& text, const std::string& source) {
    TrainingSettings settings;
    readSettingsTextOf(trainingSettingFields(), settings, text, source);
    return settings;
}

namespace {

/// "key = value" pairs of `assignments` (';' or new lines between them), trimmed, in order.
std::vector<std::pair<std::string, std::string>> parseAssignments(const std::string& assignments,
                                                                  const std::string& source) {
    const auto trimmed = trimmedSettingText;
    std::vector<std::pair<std::string, std::string>> pairs;
    std::string part;
    for (std::istringstream parts(assignments); std::getline(parts, part, ';');) {
        std::istringstream partLines(part);
        for (std::string line; std::getline(partLines, line);) {
            if (trimmed(line).empty())
                continue;
            const size_t equals = line.find('=');
            if (equals == std::string::npos)
                throw Error(source, "'" + trimmed(line) + "' is no 'key = value' setting");
            pairs.emplace_back(trimmed(line.substr(0, equals)), trimmed(line.substr(equals + 1)));
        }
    }
    return pairs;
}

}  // namespace

TrainingSettings settingsWithAssignments(const TrainingSettings& settings,
                                         const std::string& assignments,
                                         const std::string& source) {
    TrainingSettings assigned = settings;
    for (const auto& [key, value] : parseAssignments(assignments, source))
        assignSettingText(trainingSettingFields(), assigned, key, value, source);
    return assigned;
}

std::vector<std::string> assignedSettingKeys(const std::string& assignments,
                                             const std::string& source) {
    std::vector<std::string> keys;
    for (const auto& pair : parseAssignments(assignments, source))
        keys.push_back(pair.first);
    return keys;
}

}  // namespace segloop
