#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/learning/training/TrainingSettings.h"

namespace segloop {

/// One stored training setting: its stable key (the text form's name, `train --set`'s), how its
/// value prints and parses, and what it may hold. The one table of them (trainingSettingFields)
/// is where the text form, the checks and the front ends read the settings from (issue 33).
struct SettingField {
    std::string key;
    std::string rule;  ///< what it may hold, for messages: "in [0, 0.5]", "one of blend, copy-paste"
    std::function<std::string(const TrainingSettings&)> get;
    /// Parses `text` into the field; throws std::invalid_argument when it is no such value.
    std::function<void(TrainingSettings&, const std::string&)> set;
    /// True when the field's current value keeps the rule.
    std::function<bool(const TrainingSettings&)> allowed;
};

/// Every stored field of TrainingSettings, in the text form's order.
const std::vector<SettingField>& trainingSettingFields();

/// The field of `key`, or nullptr.
const SettingField* findTrainingSettingField(const std::string& key);

/// Throws Error(source, "setting KEY = VALUE is out of range: must be RULE") for the first
/// field whose value breaks its rule. Called where values are given (file load, `--set`, the
/// CLI's options, the start of a run in either front end), so a bad value is refused before
/// anything runs, with the key the user knows.
void checkTrainingSettings(const TrainingSettings& settings, const std::string& source);

}  // namespace segloop
