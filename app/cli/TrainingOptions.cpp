#include "app/cli/TrainingOptions.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "core/Error.h"
#include "core/learning/training/SettingsSchema.h"
#include "core/learning/training/SettingsText.h"

namespace segloop::cli {
namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (size_t n = 0; n < names.size(); ++n)
        text += (n == 0 ? "" : n + 1 == names.size() ? " or " : ", ") + names[n];
    return text;
}

/// `text` followed by what the settings table says of `key`: its choices and its default,
/// "(a, b or c; default b)", so the help never repeats a default by hand.
std::string fromTable(const std::string& text, const std::string& key) {
    const SettingField* field = findTrainingSettingField(key);
    const std::string choices = field->choices.empty() ? "" : joined(field->choices) + "; ";
    return text + " (" + choices + "default " + shownSettingValue(*field, TrainingSettings{}) +
           ")";
}

std::array<int64_t, 3> parsePatch(const std::string& text) {
    std::array<int64_t, 3> size{};
    char x1 = 0;
    char x2 = 0;
    std::istringstream in(text);
    long long a = 0, b = 0, c = 0;
    if (!(in >> a >> x1 >> b >> x2 >> c) || x1 != 'x' || x2 != 'x' || a < 1 || b < 1 || c < 1) {
        throw UsageError{"--patch needs XxYxZ in voxels, e.g. 32x48x32, not '" + text + "'"};
    }
    size = {a, b, c};
    return size;
}

/// The value of --option (fallback when absent); throws UsageError unless the settings table
/// lists it among the choices of `key`.
std::string choiceValue(const ParsedArguments& arguments, const std::string& option,
                        const std::string& key, const std::string& fallback) {
    const std::string value = arguments.value(option, fallback);
    const std::vector<std::string> choices = trainingSettingChoices(key);
    if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
        throw UsageError{"--" + option + " needs " + joined(choices) + ", not '" + value + "'"};
    }
    return value;
}

double parseNumber(const ParsedArguments& arguments, const std::string& option, double fallback) {
    if (!arguments.has(option)) {
        return fallback;
    }
    try {
        return std::stod(arguments.value(option));
    } catch (const std::exception&) {
        throw UsageError{"--" + option + " needs a number, not '" + arguments.value(option) + "'"};
    }
}

}  // namespace

std::vector<OptionSpec> trainingOptionSpecs() {
    return {{"method", "NAME", fromTable("the training method", "method")},
            {"pseudo-labels", "SOURCE",
             fromTable("mean-teacher, sgrs, quality-guided: pseudo-labels from the teacher, or "
                       "from the nearest labelled voxel in its features",
                       "methods.pseudo_labels")},
            {"base-method", "NAME",
             fromTable("quality-guided: the method it builds on", "methods.quality_base_method")},
            {"strong-view", "",
             "the student sees a strongly perturbed view of each unlabelled image, the teacher"
             " the plain one (mean-teacher, sgrs, buarl, quality-guided; the default)"},
            {"no-strong-view", "", "the student sees the plain view, as the papers' code"},
            {"sgrs-mix", "MODE",
             fromTable("sgrs: how an unlabelled image meets a labelled one, SGRS's blend or "
                       "BCP's box pasted both ways",
                       "methods.sgrs_mix_mode")},
            {"quality-model", "PATH",
             "quality-guided: the frozen quality predictor (default: the project's newest)"},
            {"iterations", "N", fromTable("optimisation steps", "iterations")},
            {"device", "DEVICE", fromTable("where to train", "device")},
            {"threads", "N", "CPU threads for LibTorch (default: all cores)"},
            {"network", "NAME", fromTable("the network", "network.architecture")},
            {"base-channels", "N",
             fromTable("channels of the first level", "network.base_channels")},
            {"levels", "N", fromTable("resolution levels of the U-Net", "network.levels")},
            {"patch", "XxYxZ",
             "training patch in voxels (default: from the labelled volumes' median "
             "size, at most 32*48*32 voxels)"},
            {"labelled-batch", "N",
             fromTable("labelled patches per step", "labelled_per_batch")},
            {"unlabelled-batch", "N",
             fromTable("unlabelled patches per step", "unlabelled_per_batch")},
            {"optimizer", "NAME", fromTable("the optimiser", "optimizer")},
            {"lr", "RATE",
             "initial learning rate (default " + shortNumber(kAdamLearningRate) + " for adam, " +
                 shortNumber(kSgdLearningRate) + " for sgd)"},
            {"one-decay", "",
             "one learning-rate decay over the run; by default labels saved while it trains"
             " start the decay again from the full rate"},
            {"validation-interval", "N",
             fromTable("steps between validations", "validation_interval")},
            {"seed", "N", fromTable("random seed", "seed")},
            {"checkpoint-interval", "N",
             "steps between resumable checkpoints (default: the validation interval)"},
            {"no-amp", "", "no mixed precision on CUDA"},
            {"settings-of", "RUN",
             "start from the settings training run RUN recorded (rerun with these settings);"
             " the options above and --set change them"},
            {"set", "'KEY = VALUE; ...'",
             "any training setting by its stored name (as in a run's settings.txt), applied "
             "after the options above; e.g. 'methods.ema_max_decay = 0.98'"}};
}

TrainingSettings trainingSettingsFrom(const ParsedArguments& arguments, int64_t classes,
                                      const TrainingSettings& base) {
    TrainingSettings settings = base;
    settings.method = arguments.value("method", settings.method);
    settings.iterations = arguments.intValue("iterations", int(settings.iterations));
    settings.device = arguments.value("device", settings.device);
    settings.threads = arguments.intValue("threads", settings.threads);
    settings.network.architecture = arguments.value("network", settings.network.architecture);
    settings.network.baseChannels =
        arguments.intValue("base-channels", int(settings.network.baseChannels));
    settings.network.levels = arguments.intValue("levels", int(settings.network.levels));
    settings.network.classes = classes;
    if (arguments.has("patch")) {
        settings.sampler.patchSize = parsePatch(arguments.value("patch"));
    }
    settings.labelledPerBatch =
        arguments.intValue("labelled-batch", int(settings.labelledPerBatch));
    settings.unlabelledPerBatch =
        arguments.intValue("unlabelled-batch", int(settings.unlabelledPerBatch));
    if (arguments.has("optimizer")) {  // a new optimiser starts from its own rate
        settings.optimizer = arguments.value("optimizer");
        settings.learningRate =
            settings.optimizer == "adam" ? kAdamLearningRate : kSgdLearningRate;
    }
    settings.learningRate = parseNumber(arguments, "lr", settings.learningRate);
    settings.validationInterval =
        arguments.intValue("validation-interval", int(settings.validationInterval));
    if (arguments.has("checkpoint-interval") || arguments.has("validation-interval"))
        settings.checkpointInterval =
            arguments.intValue("checkpoint-interval", int(settings.validationInterval));
    settings.seed = static_cast<uint64_t>(arguments.intValue("seed", int(settings.seed)));
    if (arguments.has("no-amp"))
        settings.mixedPrecision = false;
    if (arguments.has("one-decay"))
        settings.restartDecayOnNewLabels = false;
    MethodSettings& methods = settings.methodSettings;
    methods.pseudoLabels =
        choiceValue(arguments, "pseudo-labels", "methods.pseudo_labels", methods.pseudoLabels);
    if (arguments.has("strong-view") && arguments.has("no-strong-view"))
        throw UsageError{"give --strong-view or --no-strong-view, not both"};
    if (arguments.has("strong-view") || arguments.has("no-strong-view"))
        methods.strongStudentView = arguments.has("strong-view");
    methods.sgrsMixMode =
        choiceValue(arguments, "sgrs-mix", "methods.sgrs_mix_mode", methods.sgrsMixMode);
    methods.qualityModelPath = arguments.value("quality-model", methods.qualityModelPath);
    methods.qualityBaseMethod =
        choiceValue(arguments, "base-method", "methods.quality_base_method",
                    methods.qualityBaseMethod);
    if (arguments.has("set")) {
        try {
            settings = settingsWithAssignments(settings, arguments.value("set"), "--set");
        } catch (const Error& error) {
            throw UsageError{error.what()};
        }
        settings.network.classes = classes;
    }
    try {  // every value against the settings' one table, before anything runs
        checkTrainingSettings(settings, "segloop-cli train");
    } catch (const Error& error) {
        throw UsageError{error.what()};
    }
    return settings;
}

}  // namespace segloop::cli
