#pragma once

// One stored setting of a settings struct S (training, quality predictor): its stable key, how
// its value prints and parses, and what it may hold. A table of them (one vector per struct)
// is where the text form, the checks and the front ends read the settings from (issue 33):
// settingsTextOf writes it, assignSettingText reads one "key = value" line and checks it.
// Plain C++ (no LibTorch), so the fuzzers and storage can use it.
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/Error.h"

namespace segloop {

/// What a field may hold: a closed or half-open range for numbers, a list for text.
struct SettingRule {
    std::string text;  ///< "in [0, 1]", "one of a, b"; empty: anything its type holds
    double low = 0, high = 0;
    bool highOpen = false;
    bool numeric = false;
    std::vector<std::string> choices;
};

SettingRule settingRange(double low, double high);  ///< [low, high]
SettingRule settingBelow(double low, double high);  ///< [low, high)
SettingRule settingChoices(std::vector<std::string> choices);
inline SettingRule anySetting() {
    return {};
}

/// `text` without the spaces, tabs and carriage returns around it.
std::string trimmedSettingText(const std::string& text);

/// The "key = value" pairs of `text`, trimmed, in order: one a line (and, with `semicolons`,
/// also split at ';', as `train --set` takes them); blank parts skipped. A part without '=' is
/// an Error naming `source`: "'seed' is no 'key = value' setting".
std::vector<std::pair<std::string, std::string>> settingAssignments(const std::string& text,
                                                                    bool semicolons,
                                                                    const std::string& source);

/// `value` as a short number ("0.7", "1e+09") for messages.
std::string shortNumber(double value);

/// What kind of value a field holds, for a front end's editor (a form's spin box, a CLI flag).
enum class SettingKind { Text, Choice, Flag, Integer, Real };

/// Where the window's settings form shows a field: in its first part, in its "advanced" part,
/// or not at all (a value the window sets itself, such as the project's class count).
enum class SettingShown { Basic, Advanced, Hidden };

template <typename S>
struct SettingFieldOf {
    std::string key;
    std::string rule;                  ///< SettingRule::text
    std::vector<std::string> choices;  ///< a text field's allowed values; empty: any
    std::function<std::string(const S&)> get;
    /// Parses `text` into the field; throws std::invalid_argument when it is no such value.
    std::function<void(S&, const std::string&)> set;
    std::function<bool(const S&)> allowed;  ///< the current value keeps the rule
    SettingKind kind = SettingKind::Text;
    SettingRule limits;  ///< the rule itself (a numeric range for a form's spin box)

    // What people see of it (issue 33): the help line, the CLI's --help, the window's form.
    std::string help;   ///< one line, no trailing full stop
    std::string group;  ///< the form's box and the order of --help ("Method", "Schedule", ...)
    std::string unit;   ///< "steps", "voxels"; empty for none
    SettingShown shown = SettingShown::Advanced;
    /// The CLI option that sets it ("iterations" for --iterations N); empty: only through
    /// `--set 'key = value'`. A flag field's option sets it true.
    std::string option;
    std::string valueName;  ///< the CLI's placeholder ("N", "NAME"); flags have none
    std::string offOption;  ///< a flag field's option that sets it false ("no-strong-view")

    SettingFieldOf& describe(std::string line, std::string inGroup) {
        help = std::move(line);
        group = std::move(inGroup);
        return *this;
    }
    SettingFieldOf& in(std::string unitName) {
        unit = std::move(unitName);
        return *this;
    }
    SettingFieldOf& show(SettingShown where) {
        shown = where;
        return *this;
    }
    SettingFieldOf& cli(std::string name, std::string placeholder = "") {
        option = std::move(name);
        valueName = std::move(placeholder);
        return *this;
    }
    SettingFieldOf& cliOff(std::string name) {
        offOption = std::move(name);
        return *this;
    }
};

namespace setting_detail {

template <typename T>
std::string print(const T& value) {
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}

template <typename T>
T parse(const std::string& text) {
    if constexpr (std::is_same_v<T, std::string>) {
        return text;
    } else {
        std::istringstream in(text);
        T value{};
        in >> value;
        if (in.fail() || !in.eof())
            throw std::invalid_argument(text);
        return value;
    }
}

template <typename T>
bool keeps(const SettingRule& rule, const T& value) {
    if constexpr (std::is_same_v<T, std::string>) {
        if (rule.choices.empty())
            return true;
        for (const std::string& choice : rule.choices)
            if (choice == value)
                return true;
        return false;
    } else if constexpr (std::is_same_v<T, bool>) {
        return true;
    } else {
        if (!rule.numeric)
            return true;
        const double v = double(value);
        return v >= rule.low && (rule.highOpen ? v < rule.high : v <= rule.high);
    }
}

}  // namespace setting_detail

/// A field of S bound to the member `member(settings)` returns.
template <typename S, typename T>
SettingFieldOf<S> settingField(const char* key, std::function<T&(S&)> member, SettingRule rule) {
    auto read = [member](const S& s) -> const T& { return member(const_cast<S&>(s)); };
    SettingFieldOf<S> field;
    field.key = key;
    field.rule = rule.text;
    field.choices = rule.choices;
    field.get = [read](const S& s) { return setting_detail::print(read(s)); };
    field.set = [member](S& s, const std::string& text) {
        member(s) = setting_detail::parse<T>(text);
    };
    field.allowed = [read, rule](const S& s) { return setting_detail::keeps(rule, read(s)); };
    if constexpr (std::is_same_v<T, std::string>)
        field.kind = rule.choices.empty() ? SettingKind::Text : SettingKind::Choice;
    else if constexpr (std::is_same_v<T, bool>)
        field.kind = SettingKind::Flag;
    else if constexpr (std::is_integral_v<T>)
        field.kind = SettingKind::Integer;
    else
        field.kind = SettingKind::Real;
    field.limits = std::move(rule);
    return field;
}

/// The field of `key` in `fields`, or nullptr.
template <typename S>
const SettingFieldOf<S>* findSettingField(const std::vector<SettingFieldOf<S>>& fields,
                                          const std::string& key) {
    for (const SettingFieldOf<S>& f : fields)
        if (f.key == key)
            return &f;
    return nullptr;
}

/// The field's value for a person to read: a number short ("0.7", where the stored text form
/// has 17 digits and would read 0.69999...), anything else as stored.
template <typename S>
std::string shownSettingValue(const SettingFieldOf<S>& field, const S& settings) {
    std::string shown = field.get(settings);
    try {
        size_t used = 0;
        const double value = std::stod(shown, &used);
        if (used == shown.size())
            shown = shortNumber(value);
    } catch (const std::exception&) {
    }
    return shown;
}

/// What a field's text must be, for messages: "a whole number in [1, 1e+09]", "0 or 1",
/// "one of a, b".
template <typename S>
std::string expectedSettingText(const SettingFieldOf<S>& field) {
    const std::string range = field.rule.empty() ? "" : " " + field.rule;
    switch (field.kind) {
        case SettingKind::Integer:
            return "a whole number" + range;
        case SettingKind::Real:
            return "a number" + range;
        case SettingKind::Flag:
            return "0 or 1";
        case SettingKind::Choice:
            return field.rule;
        case SettingKind::Text:
            break;
    }
    return "text";
}

/// "setting KEY = VALUE is out of range: must be RULE" for a field whose value breaks its rule.
template <typename S>
std::string outOfRange(const SettingFieldOf<S>& field, const S& settings) {
    return "setting " + field.key + " = " + shownSettingValue(field, settings) +
           " is out of range: must be " + field.rule;
}

/// Every field as "key = value\n", in the table's order.
template <typename S>
std::string settingsTextOf(const std::vector<SettingFieldOf<S>>& fields, const S& settings) {
    std::string text;
    for (const SettingFieldOf<S>& f : fields)
        text += f.key + " = " + f.get(settings) + "\n";
    return text;
}

/// Gives `key` the value `value` and checks it: an unknown key, a value its type cannot hold
/// or one out of its range is an Error naming `source`.
template <typename S>
void assignSettingText(const std::vector<SettingFieldOf<S>>& fields, S& settings,
                       const std::string& key, const std::string& value,
                       const std::string& source) {
    for (const SettingFieldOf<S>& f : fields) {
        if (f.key != key)
            continue;
        try {
            f.set(settings, value);
        } catch (const std::exception&) {
            throw Error(source, "setting " + key + " has a bad value '" + value + "': must be " +
                                    expectedSettingText(f));
        }
        if (!f.allowed(settings))
            throw Error(source, outOfRange(f, settings));
        return;
    }
    throw Error(source, "unknown setting '" + key + "' (written by a newer SegLoop?)");
}

/// Throws Error(source, outOfRange(...)) for the first field whose value breaks its rule.
template <typename S>
void checkSettingsOf(const std::vector<SettingFieldOf<S>>& fields, const S& settings,
                     const std::string& source) {
    for (const SettingFieldOf<S>& f : fields)
        if (!f.allowed(settings))
            throw Error(source, outOfRange(f, settings));
}

/// Reads "key = value" lines (blank lines skipped, spaces around both trimmed) into `settings`
/// over the values it holds: a line without '=' is refused, and each value as assignSettingText
/// does. The one reader of every stored settings text (training, quality predictor).
template <typename S>
void readSettingsTextOf(const std::vector<SettingFieldOf<S>>& fields, S& settings,
                        const std::string& text, const std::string& source) {
    for (const auto& [key, value] : settingAssignments(text, false, source))
        assignSettingText(fields, settings, key, value, source);
}

}  // namespace segloop
