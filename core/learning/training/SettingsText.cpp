#include "core/learning/training/SettingsText.h"

#include <sstream>
#include <vector>

#include "core/Error.h"
#include "core/learning/training/SettingsSchema.h"

namespace segloop {

std::string settingsToText(const TrainingSettings& settings) {
    std::string text;
    for (const SettingField& f : trainingSettingFields()) {
        text += f.key + " = " + f.get(settings) + "\n";
    }
    return text;
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
        const SettingField* f = findTrainingSettingField(key);
        if (!f) {
            throw Error(source, "unknown setting '" + key + "' (written by a newer SegLoop?)");
        }
        try {
            f->set(settings, value);
        } catch (const std::exception&) {
            throw Error(source, "setting " + key + " has a bad value '" + value + "'");
        }
        if (!f->allowed(settings)) {
            throw Error(source, "setting " + key + " = " + value + " is out of range: must be " +
                                    f->rule);
        }
    }
    return settings;
}

}  // namespace segloop

namespace segloop {

TrainingSettings settingsWithAssignments(const TrainingSettings& settings,
                                         const std::string& assignments,
                                         const std::string& source) {
    const auto trimmed = [](const std::string& text) {
        const size_t first = text.find_first_not_of(" \t");
        if (first == std::string::npos)
            return std::string();
        return text.substr(first, text.find_last_not_of(" \t") - first + 1);
    };
    std::string lines;
    std::string part;
    for (std::istringstream parts(assignments); std::getline(parts, part, ';');) {
        std::istringstream partLines(part);
        for (std::string line; std::getline(partLines, line);) {
            if (trimmed(line).empty())
                continue;
            const size_t equals = line.find('=');
            if (equals == std::string::npos)
                throw Error(source, "'" + trimmed(line) + "' is no 'key = value' setting");
            lines +=
                trimmed(line.substr(0, equals)) + " = " + trimmed(line.substr(equals + 1)) + "\n";
        }
    }
    if (lines.empty())
        return settings;
    return settingsFromText(settingsToText(settings) + "\n" + lines, source);
}

}  // namespace segloop
