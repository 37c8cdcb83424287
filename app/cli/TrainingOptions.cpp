#include "app/cli/TrainingOptions.h"

#include <sstream>

#include "app/cli/SettingOptions.h"
#include "core/Error.h"
#include "learning/settings/SettingsSchema.h"
#include "learning/settings/SettingsText.h"
#include "learning/settings/TrainingPresets.h"

namespace segloop::cli {
namespace {

std::array<int64_t, 3> parsePatch(const std::string& text) {
    char x1 = 0;
    char x2 = 0;
    std::istringstream in(text);
    long long a = 0, b = 0, c = 0;
    if (!(in >> a >> x1 >> b >> x2 >> c) || x1 != 'x' || x2 != 'x' || a < 1 || b < 1 || c < 1) {
        throw UsageError{"--patch needs XxYxZ in voxels, e.g. 32x48x32, not '" + text + "'"};
    }
    return {a, b, c};
}

std::string presetsHelp() {
    std::string text = "start from a named preset (default: " + defaultTrainingPreset(false) +
                       " on a CPU, " + defaultTrainingPreset(true) + " on CUDA):";
    for (const TrainingPreset& preset : trainingPresets())
        text += "\n" + preset.name + ": " + preset.summary;
    return text;
}

}  // namespace

std::vector<OptionSpec> trainingOptionSpecs() {
    OptionSpec preset{"preset", "NAME", presetsHelp()};
    preset.group = "Method";
    std::vector<OptionSpec> options{preset};
    // Every setting with an option, its help, choices and default from the settings table.
    for (const OptionSpec& option : settingOptions(trainingSettingFields(), TrainingSettings{}))
        options.push_back(option);
    OptionSpec patch{"patch", "XxYxZ",
                     "training patch in voxels, the sampler.patch_* settings at once (default: "
                     "from the labelled volumes' median size, at most 32*48*32 voxels)"};
    patch.group = "Sampling";
    options.push_back(patch);
    options.push_back({"settings-of", "RUN",
                       "start from the settings training run RUN recorded (rerun with these "
                       "settings); the options above and --set change them"});
    options.push_back({"set", "'KEY = VALUE; ...'",
                       "any training setting by its stored name (as in a run's settings.txt), "
                       "applied after the options above; e.g. 'methods.ema_max_decay = 0.98'"});
    return options;
}

TrainingSettings trainingSettingsFrom(const ParsedArguments& arguments, int64_t classes,
                                      const TrainingSettings& base) {
    TrainingSettings settings = base;
    applySettingOptions(trainingSettingFields(), arguments, settings);
    settings.network.classes = classes;
    if (arguments.has("patch"))
        settings.sampler.patchSize = parsePatch(arguments.value("patch"));
    // Two options that move a second setting with them, unless that one is given too: a new
    // optimiser starts from its own rate, and checkpoints follow the validation interval.
    if (arguments.has("optimizer") && !arguments.has("lr"))
        settings.learningRate = settings.optimizer == "adam" ? kAdamLearningRate : kSgdLearningRate;
    if (arguments.has("validation-interval") && !arguments.has("checkpoint-interval"))
        settings.checkpointInterval = settings.validationInterval;
    if (arguments.has("set")) {
        try {
            settings = settingsWithAssignments(settings, arguments.value("set"), "--set");
        } catch (const Error& error) {
            throw UsageError{error.what()};
        }
        settings.network.classes = classes;
    }
    try {  // the cross-field state, against the settings' one table, before anything runs
        checkTrainingSettings(settings, "segloop-cli train");
    } catch (const Error& error) {
        throw UsageError{error.what()};
    }
    return settings;
}

}  // namespace segloop::cli
