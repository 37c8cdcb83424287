#pragma once

// The CLI's options of a settings table (core/settings/SettingFields.h): each field with an
// option name becomes `--option VALUE` (a flag field `--option` and, where it has one, its off
// flag), with its help, choices and default from the table, and a value is checked by the
// table's own rule the moment it is parsed, with the message a settings file or the window
// gives ("setting KEY = VALUE is out of range: must be RULE").
#include <string>
#include <vector>

#include "app/cli/CommandLine.h"
#include "core/Error.h"
#include "core/settings/SettingFields.h"

namespace segloop::cli {

/// "a, b or c".
std::string joinedChoices(const std::vector<std::string>& names);

/// `help` followed by what the table says of the field: "(a, b or c; default b)".
template <typename S>
std::string helpFromTable(const SettingFieldOf<S>& field, const std::string& help,
                          const S& defaults) {
    if (field.kind == SettingKind::Flag)
        return help + " (default " + (field.get(defaults) == "1" ? "on" : "off") + ")";
    const std::string choices = field.choices.empty() ? "" : joinedChoices(field.choices) + "; ";
    const std::string unit = field.unit.empty() ? "" : " " + field.unit;
    const std::string shown = shownSettingValue(field, defaults);
    if (shown.empty())
        return help + " (" + choices + "default: none)";
    return help + " (" + choices + "default " + shown + unit + ")";
}

/// The options of every field of `fields` that has one, in the table's order, under the
/// field's group in --help.
template <typename S>
std::vector<OptionSpec> settingOptions(const std::vector<SettingFieldOf<S>>& fields,
                                       const S& defaults) {
    std::vector<OptionSpec> options;
    for (const SettingFieldOf<S>& field : fields) {
        const bool flag = field.kind == SettingKind::Flag;
        if (!field.option.empty()) {
            OptionSpec option{field.option, flag ? "" : field.valueName,
                              helpFromTable(field, field.help, defaults)};
            option.group = field.group;
            options.push_back(option);
        }
        if (flag && !field.offOption.empty()) {
            OptionSpec off{field.offOption, "",
                           "turns off: " + helpFromTable(field, field.help, defaults)};
            off.group = field.group;
            options.push_back(off);
        }
    }
    return options;
}

/// The keys of the fields whose option (or off option) `arguments` gives.
template <typename S>
std::vector<std::string> givenSettingKeys(const std::vector<SettingFieldOf<S>>& fields,
                                          const ParsedArguments& arguments) {
    std::vector<std::string> keys;
    for (const SettingFieldOf<S>& field : fields)
        if ((!field.option.empty() && arguments.has(field.option)) ||
            (!field.offOption.empty() && arguments.has(field.offOption)))
            keys.push_back(field.key);
    return keys;
}

/// Applies every option of `fields` that `arguments` gives to `settings`, checking each value
/// against its rule; a UsageError names the option and the table's message.
template <typename S>
void applySettingOptions(const std::vector<SettingFieldOf<S>>& fields,
                         const ParsedArguments& arguments, S& settings) {
    for (const SettingFieldOf<S>& field : fields) {
        const bool on = !field.option.empty() && arguments.has(field.option);
        const bool off = !field.offOption.empty() && arguments.has(field.offOption);
        if (on && off)
            throw UsageError{"give --" + field.option + " or --" + field.offOption + ", not both"};
        std::string value;
        std::string option;
        if (field.kind == SettingKind::Flag) {
            if (!on && !off)
                continue;
            value = on ? "1" : "0";
            option = on ? field.option : field.offOption;
        } else if (on) {
            value = arguments.value(field.option);
            option = field.option;
        } else {
            continue;
        }
        try {
            assignSettingText(fields, settings, field.key, value, "--" + option);
        } catch (const Error& error) {
            throw UsageError{error.what()};
        }
    }
}

}  // namespace segloop::cli
