#pragma once

#include <string>
#include <vector>

#include "core/settings/SettingFields.h"
#include "learning/settings/TrainingSettings.h"

namespace segloop {

/// One stored training setting (core/settings/SettingFields.h): key, print, parse, rule.
using SettingField = SettingFieldOf<TrainingSettings>;

/// Every stored field of TrainingSettings, in the text form's order.
const std::vector<SettingField>& trainingSettingFields();

/// The field of `key`, or nullptr.
const SettingField* findTrainingSettingField(const std::string& key);

/// The allowed values of the text setting `key` (e.g. "methods.sgrs_mix_mode"), in the
/// table's order, for a front end's list; empty for a free text; an Error for an unknown key.
std::vector<std::string> trainingSettingChoices(const std::string& key);

/// Throws Error(source, "setting KEY = VALUE is out of range: must be RULE") for the first
/// field whose value breaks its rule. Called where values are given (file load, `--set`, the
/// CLI's options, the start of a run in either front end), so a bad value is refused before
/// anything runs, with the key the user knows.
void checkTrainingSettings(const TrainingSettings& settings, const std::string& source);

}  // namespace segloop
