#include "core/settings/SettingFields.h"

namespace segloop {

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
    for (const std::string& c : choices) text += (text.empty() ? "one of " : ", ") + c;
    return {text, 0, 0, false, false, std::move(choices)};
}

}  // namespace segloop
