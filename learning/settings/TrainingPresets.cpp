#include "learning/settings/TrainingPresets.h"

#include "core/Error.h"
#include "learning/settings/SettingsText.h"

namespace segloop {

const std::vector<TrainingPreset>& trainingPresets() {
    // The engine's defaults are themselves the measured CPU preset (TrainingSettings.h and
    // MethodSettings.h say where each value comes from), so cpu-quick assigns nothing.
    static const std::vector<TrainingPreset> all = {
        {"cpu-quick",
         "the defaults, measured on 2 CPU cores at 600 steps with 8 labelled volumes: Adam, "
         "copy-paste sgrs, a strong student view, teacher decay 0.98, 2000 steps",
         ""},
        {"gpu-full",
         "cpu-quick for 6000 steps, the accuracy bench's full budget, for a GPU (not yet "
         "measured on one)",
         "iterations = 6000"},
        {"papers",
         "the published code's settings (SGRS-Net, SSL4MIS): SGD 0.01, SGRS's blend, no strong "
         "view, teacher decay 0.99, ramp over 40% of the run",
         "optimizer = sgd; learning_rate = 0.01; methods.sgrs_mix_mode = blend; "
         "methods.strong_student_view = 0; methods.ema_max_decay = 0.99; "
         "methods.ramp_up_fraction = 0.4"},
    };
    return all;
}

std::vector<std::string> trainingPresetNames() {
    std::vector<std::string> names;
    for (const TrainingPreset& preset : trainingPresets())
        names.push_back(preset.name);
    return names;
}

std::string defaultTrainingPreset(bool trainsOnCuda) {
    return trainsOnCuda ? "gpu-full" : "cpu-quick";
}

TrainingSettings presetTrainingSettings(const std::string& name, const std::string& source) {
    std::string known;
    for (const TrainingPreset& preset : trainingPresets()) {
        if (preset.name == name)
            return settingsWithAssignments(TrainingSettings{}, preset.assignments,
                                           "preset " + name);
        known += (known.empty() ? "" : ", ") + preset.name;
    }
    throw Error(source, "no preset '" + name + "' (presets: " + known + ")");
}

}  // namespace segloop
