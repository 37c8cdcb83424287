#include "core/settings/SettingFields.h"

namespace segloop {

std::string trimmedSettingText(const std::string& text) {
    const size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

std::vector<std::pair<std::string, std::string>> settingAssignments(const std::string& text,
                                                                    bool semicolons,
                                                                    const std::string& source) {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream parts(line);
        for (std::string part; std::getline(parts, part, semicolons ? ';' : '\n');) {
            if (trimmedSettingText(part).empty())
                continue;
            const size_t equals = part.find('=');
            if (equals == std::string::npos)
                throw Error(source,
                            "'" + trimmedSettingText(part) + "' is no 'key = value' setting");
            pairs.emplace_back(trimmedSettingText(part.substr(0, equals)),
                               trimmedSettingText(part.substr(equals + 1)));
        }
    }
    return pairs;
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
