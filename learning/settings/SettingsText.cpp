#include "learning/settings/SettingsText.h"

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

TrainingSettings settingsWithAssignments(const TrainingSettings& settings,
                                         const std::string& assignments,
                                         const std::string& source) {
    TrainingSettings assigned = settings;
    for (const auto& [key, value] : settingAssignments(assignments, true, source))
        assignSettingText(trainingSettingFields(), assigned, key, value, source);
    return assigned;
}

std::vector<std::string> assignedSettingKeys(const std::string& assignments,
                                             const std::string& source) {
    std::vector<std::string> keys;
    for (const auto& pair : settingAssignments(assignments, true, source))
        keys.push_back(pair.first);
    return keys;
}

}  // namespace segloop
