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
inline SettingRule anySetting() { return {}; }

/// `value` as a short number ("0.7", "1e+09") for messages.
std::string shortNumber(double value);

template <typename S>
struct SettingFieldOf {
    std::string key;
    std::string rule;  ///< SettingRule::text
    std::vector<std::string> choices;  ///< a text field's allowed values; empty: any
    std::function<std::string(const S&)> get;
    /// Parses `text` into the field; throws std::invalid_argument when it is no such value.
    std::function<void(S&, const std::string&)> set;
    std::function<bool(const S&)> allowed;  ///< the current value keeps the rule
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
        if (in.fail() || !in.eof()) throw std::invalid_argument(text);
        return value;
    }
}

template <typename T>
bool keeps(const SettingRule& rule, const T& value) {
    if constexpr (std::is_same_v<T, std::string>) {
        if (rule.choices.empty()) return true;
        for (const std::string& choice : rule.choices)
            if (choice == value) return true;
        return false;
    } else if constexpr (std::is_same_v<T, bool>) {
        return true;
    } else {
        if (!rule.numeric) return true;
        const double v = double(value);
        return v >= rule.low && (rule.highOpen ? v < rule.high : v <= rule.high);
    }
}

}  // namespace setting_detail

/// A field of S bound to the member `member(settings)` returns.
template <typename S, typename T>
SettingFieldOf<S> settingField(const char* key, std::function<T&(S&)> member, SettingRule rule) {
    auto read = [member](const S& s) -> const T& { return member(const_cast<S&>(s)); };
    return {key, rule.text, rule.choices,
            [read](const S& s) { return setting_detail::print(read(s)); },
            [member](S& s, const std::string& text) {
                member(s) = setting_detail::parse<T>(text);
            },
            [read, rule](const S& s) { return setting_detail::keeps(rule, read(s)); }};
}

/// The field of `key` in `fields`, or nullptr.
template <typename S>
const SettingFieldOf<S>* findSettingField(const std::vector<SettingFieldOf<S>>& fields,
                                          const std::string& key) {
    for (const SettingFieldOf<S>& f : fields)
        if (f.key == key) return &f;
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
        if (used == shown.size()) shown = shortNumber(value);
    } catch (const std::exception&) {
    }
    return shown;
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
    for (const SettingFieldOf<S>& f : fields) text += f.key + " = " + f.get(settings) + "\n";
    return text;
}

/// Gives `key` the value `value` and checks it: an unknown key, a value its type cannot hold
/// or one out of its range is an Error naming `source`.
template <typename S>
void assignSettingText(const std::vector<SettingFieldOf<S>>& fields, S& settings,
                       const std::string& key, const std::string& value,
                       const std::string& source) {
    for (const SettingFieldOf<S>& f : fields) {
        if (f.key != key) continue;
        try {
            f.set(settings, value);
        } catch (const std::exception&) {
            throw Error(source, "setting " + key + " has a bad value '" + value + "'");
        }
        if (!f.allowed(settings)) throw Error(source, outOfRange(f, settings));
        return;
    }
    throw Error(source, "unknown setting '" + key + "' (written by a newer SegLoop?)");
}

/// Throws Error(source, outOfRange(...)) for the first field whose value breaks its rule.
template <typename S>
void checkSettingsOf(const std::vector<SettingFieldOf<S>>& fields, const S& settings,
                     const std::string& source) {
    for (const SettingFieldOf<S>& f : fields)
        if (!f.allowed(settings)) throw Error(source, outOfRange(f, settings));
}

}  // namespace segloop
