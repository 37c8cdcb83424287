#include "app/cli/TrainingOptions.h"

#include <cstdio>
#include <sstream>

#include "core/Error.h"
#include "core/learning/training/SettingsSchema.h"
#include "core/learning/training/SettingsText.h"

namespace segloop::cli {
namespace {

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

/// The value of --option (fallback when absent); throws UsageError unless it is one of the two
/// choices.
std::string choiceValue(const ParsedArguments& arguments, const std::string& option,
                        const std::string& fallback, const std::string& first,
                        const std::string& second) {
    const std::string value = arguments.value(option, fallback);
    if (value != first && value != second) {
        throw UsageError{"--" + option + " needs " + first + " or " + second + ", not '" + value +
                         "'"};
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
    return {{"method", "NAME",
             "supervised, mean-teacher, sgrs, buarl or quality-guided (default mean-teacher)"},
            {"pseudo-labels", "SOURCE",
             "teacher or reference (nearest labelled voxel in teacher features; mean-teacher,"
             " sgrs, quality-guided; default teacher)"},
            {"base-method", "NAME", "quality-guided: mean-teacher or sgrs (default mean-teacher)"},
            {"strong-view", "",
             "the student sees a strongly perturbed view of each unlabelled image, the teacher"
             " the plain one (mean-teacher, sgrs, buarl, quality-guided; the default)"},
            {"no-strong-view", "", "the student sees the plain view, as the papers' code"},
            {"sgrs-mix", "MODE",
             "sgrs: blend (SGRS's mix) or copy-paste (BCP's box pasted both ways; default"
             " copy-paste)"},
            {"quality-model", "PATH",
             "quality-guided: the frozen quality predictor (default: the project's newest)"},
            {"iterations", "N", "optimisation steps (default 2000)"},
            {"device", "DEVICE", "auto, cpu or cuda (default auto)"},
            {"threads", "N", "CPU threads for LibTorch (default: all cores)"},
            {"network", "NAME", "unet3d or unet2d (default unet3d)"},
            {"base-channels", "N", "channels of the first level (default 16)"},
            {"levels", "N", "resolution levels of the U-Net (default 4)"},
            {"patch", "XxYxZ",
             "training patch in voxels (default: from the labelled volumes' median "
             "size, at most 32*48*32 voxels)"},
            {"labelled-batch", "N", "labelled patches per step (default 2)"},
            {"unlabelled-batch", "N", "unlabelled patches per step (default 2)"},
            {"optimizer", "NAME", "adam or sgd (default adam)"},
            {"lr", "RATE", "initial learning rate (default 0.01 for sgd, 0.001 for adam)"},
            {"one-decay", "",
             "one learning-rate decay over the run; by default labels saved while it trains"
             " start the decay again from the full rate"},
            {"validation-interval", "N", "steps between validations (default 250)"},
            {"seed", "N", "random seed (default 1337)"},
            {"checkpoint-interval", "N",
             "steps between resumable checkpoints (default: the validation interval)"},
            {"no-amp", "", "no mixed precision on CUDA"},
            {"set", "'KEY = VALUE; ...'",
             "any training setting by its stored name (as in a run's settings.txt), applied "
             "after the options above; e.g. 'methods.ema_max_decay = 0.98'"}};
}

TrainingSettings trainingSettingsFrom(const ParsedArguments& arguments, int64_t classes) {
    TrainingSettings settings;
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
    settings.optimizer = arguments.value("optimizer", settings.optimizer);
    settings.learningRate = parseNumber(
        arguments, "lr", settings.optimizer == "adam" ? kAdamLearningRate : kSgdLearningRate);
    settings.validationInterval =
        arguments.intValue("validation-interval", int(settings.validationInterval));
    settings.checkpointInterval =
        arguments.intValue("checkpoint-interval", int(settings.validationInterval));
    settings.seed = static_cast<uint64_t>(arguments.intValue("seed", int(settings.seed)));
    settings.mixedPrecision = !arguments.has("no-amp");
    settings.restartDecayOnNewLabels = !arguments.has("one-decay");
    MethodSettings& methods = settings.methodSettings;
    methods.pseudoLabels =
        choiceValue(arguments, "pseudo-labels", methods.pseudoLabels, "teacher", "reference");
    if (arguments.has("strong-view") && arguments.has("no-strong-view"))
        throw UsageError{"give --strong-view or --no-strong-view, not both"};
    if (arguments.has("strong-view") || arguments.has("no-strong-view"))
        methods.strongStudentView = arguments.has("strong-view");
    methods.sgrsMixMode =
        choiceValue(arguments, "sgrs-mix", methods.sgrsMixMode, "blend", "copy-paste");
    methods.qualityModelPath = arguments.value("quality-model", "");
    methods.qualityBaseMethod =
        choiceValue(arguments, "base-method", methods.qualityBaseMethod, "mean-teacher", "sgrs");
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
