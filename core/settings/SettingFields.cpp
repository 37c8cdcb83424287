#include "core/settings/SettingFields.h"

namespace segloop {

std::string trimmedSettingText(const std::string& text) {
    const size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

std::string shortNumber(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

SettingRule settingRange(double low, double high) {
    return {"in [" + shortNumber(low) + ", " + shortNumber(high) + "]", low, high, false, true, {}};
}

SettingRule settingBelow(double low, double high) {
    return {"in [" + shortNumber(low) + ", " + shortNumber(high) + ")", low, high, true, true, {}};
}

SettingRule settingChoices(std::vector<std::string> choices) {
    std::string text;
    for (const std::string& c : choices)
        text += (text.empty() ? "one of " : ", ") + c;
    return {text, 0, 0, false, false, std::move(choices)};
}

}  // namespace segloop
