#pragma once

// A value of each settings field that differs from the default and keeps the field's rule, and
// one that breaks it: the round-trip and refusal tests of the settings table (issue 33) give
// every field through each front end with these.
#include <optional>
#include <string>

#include "core/settings/SettingFields.h"

namespace segloop::test {

/// A text for `field` that is allowed and differs from its value in `defaults`.
template <typename S>
std::string otherAllowedValue(const SettingFieldOf<S>& field, const S& defaults) {
    const std::string current = field.get(defaults);
    switch (field.kind) {
        case SettingKind::Choice:
            for (const std::string& choice : field.choices)
                if (choice != current)
                    return choice;
            return current;
        case SettingKind::Flag:
            return current == "1" ? "0" : "1";
        case SettingKind::Text:
            return current + "x";
        default:
            break;
    }
    const double value = std::stod(current);
    if (!field.limits.numeric)
        return field.kind == SettingKind::Integer ? std::to_string((long long)value + 3)
                                                  : shortNumber(value + 0.25);
    const double low = field.limits.low;
    const double high = field.limits.high;
    double other =
        value == low ? (field.kind == SettingKind::Integer ? low + 1 : (low + high) / 2) : low;
    if (field.kind == SettingKind::Integer) {
        if (other == value || (field.limits.highOpen && other >= high))
            other = value - 1 >= low ? value - 1 : value + 1;
        return std::to_string((long long)other);
    }
    if (other == value)
        other = (low + value) / 2;
    return shortNumber(other);
}

/// A text for `field` that its rule refuses, or nullopt when every value of its type is allowed.
template <typename S>
std::optional<std::string> refusedValue(const SettingFieldOf<S>& field) {
    if (field.kind == SettingKind::Choice)
        return std::string("no-such-choice");
    if (!field.limits.numeric)
        return std::nullopt;
    if (field.kind == SettingKind::Integer)  // whole digits: "1e+09" would read as the bound
        return std::to_string((long long)field.limits.high + 1);
    if (field.kind == SettingKind::Real)
        return shortNumber(2 * field.limits.high + 1e-3);
    return std::nullopt;
}

}  // namespace segloop::test
