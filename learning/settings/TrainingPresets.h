#pragma once

#include <string>
#include <vector>

#include "learning/settings/TrainingSettings.h"

namespace segloop {

/// A named set of training settings over the engine's defaults, chosen by measurement and
/// documented in docs/methods.md ("Presets"). The window's preset list and `train --preset`
/// offer them; a new run that names none starts from defaultTrainingPreset().
struct TrainingPreset {
    std::string name;
    std::string summary;      ///< one line for the window and `train --help`
    std::string assignments;  ///< "key = value; ..." (settingsWithAssignments' form)
};

/// Every preset, the default for a CPU first.
const std::vector<TrainingPreset>& trainingPresets();

/// The names of trainingPresets(), in order.
std::vector<std::string> trainingPresetNames();

/// The preset a new run starts from where none is named: "gpu-full" where it trains on CUDA,
/// "cpu-quick" elsewhere.
std::string defaultTrainingPreset(bool trainsOnCuda);

/// The engine's defaults with preset `name` applied; an Error naming `source` and the presets
/// for an unknown name.
TrainingSettings presetTrainingSettings(const std::string& name, const std::string& source);

}  // namespace segloop
