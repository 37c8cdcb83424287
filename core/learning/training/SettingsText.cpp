#include "core/learning/training/SettingsText.h"

#include <sstream>
#include <utility>
#include <vector>

#include "core/Error.h"
#include "core/learning/training/SettingsSchema.h"

namespace segloop {

std::string settingsToText(const TrainingSettings& settings) {
    return settingsTextOf(trainingSettingFields(), settings);
}

TrainingSettings settingsFromText(const std::string& text, const std::string& source) {
    TrainingSettings settings;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const size_t equals = line.find(" = ");
        if (line.empty()) {
            continue;
        }
        if (equals == std::string::npos) {
            throw Error(source, "malformed settings line '" + line + "'");
        }
        const std::string key = line.substr(0, equals);
        const std::string value = line.substr(equals + 3);
        assignSettingText(trainingSettingFields(), settings, key, value, source);
    }
    return settings;
}

namespace {

/// "key = value" pairs of `assignments` (';' or new lines between them), trimmed, in order.
std::vector<std::pair<std::string, std::string>> parseAssignments(const std::string& assignments,
                                                                  const std::string& source) {
    const auto trimmed = [](const std::string& text) {
        const size_t first = text.find_first_not_of(" \t");
        if (first == std::string::npos)
            return std::string();
        return text.substr(first, text.find_last_not_of(" \t") - first + 1);
    };
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
    std::string lines;
    for (const auto& [key, value] : parseAssignments(assignments, source))
        lines += key + " = " + value + "\n";
    if (lines.empty())
        return settings;
    return settingsFromText(settingsToText(settings) + "\n" + lines, source);
}

std::vector<std::string> assignedSettingKeys(const std::string& assignments,
                                             const std::string& source) {
    std::vector<std::string> keys;
    for (const auto& pair : parseAssignments(assignments, source))
        keys.push_back(pair.first);
    return keys;
}

}  // namespace segloop
