#include "core/learning/training/SettingsText.h"

#include <functional>
#include <sstream>
#include <vector>

#include "core/Error.h"

namespace segloop {
namespace {

/// One field of TrainingSettings: its stable key, how to print it and how to parse it.
struct Field {
    const char* key;
    std::function<std::string(const TrainingSettings&)> get;
    std::function<void(TrainingSettings&, const std::string&)> set;
};

template <typename T>
std::string print(const T& value) {
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}

template <typename T>
T parse(const std::string& text) {
    std::istringstream in(text);
    T value{};
    in >> value;
    if (in.fail() || !in.eof()) {
        throw std::invalid_argument(text);
    }
    return value;
}

template <>
std::string parse<std::string>(const std::string& text) {
    return text;
}

/// A field bound to a member reached through `member(settings)`.
template <typename T>
Field field(const char* key, std::function<T&(TrainingSettings&)> member) {
    return {key,
            [member](const TrainingSettings& s) {
                return print(member(const_cast<TrainingSettings&>(s)));
            },
            [member](TrainingSettings& s, const std::string& text) { member(s) = parse<T>(text); }};
}

#define SEGLOOP_FIELD(type, key, path) \
    field<type>(key, [](TrainingSettings& s) -> type& { return s.path; })

const std::vector<Field>& fields() {
    static const std::vector<Field> all = {
        SEGLOOP_FIELD(std::string, "method", method),
        SEGLOOP_FIELD(std::string, "network.architecture", network.architecture),
        SEGLOOP_FIELD(int64_t, "network.input_channels", network.inputChannels),
        SEGLOOP_FIELD(int64_t, "network.classes", network.classes),
        SEGLOOP_FIELD(int64_t, "network.base_channels", network.baseChannels),
        SEGLOOP_FIELD(int64_t, "network.levels", network.levels),
        SEGLOOP_FIELD(double, "network.dropout", network.dropout),
        SEGLOOP_FIELD(int64_t, "sampler.patch_x", sampler.patchSize[0]),
        SEGLOOP_FIELD(int64_t, "sampler.patch_y", sampler.patchSize[1]),
        SEGLOOP_FIELD(int64_t, "sampler.patch_z", sampler.patchSize[2]),
        SEGLOOP_FIELD(double, "sampler.foreground_probability", sampler.foregroundProbability),
        SEGLOOP_FIELD(bool, "sampler.flips", sampler.flips),
        SEGLOOP_FIELD(bool, "sampler.rotations", sampler.rotations),
        SEGLOOP_FIELD(double, "sampler.intensity_scale", sampler.intensityScale),
        SEGLOOP_FIELD(double, "sampler.intensity_shift", sampler.intensityShift),
        SEGLOOP_FIELD(double, "sampler.noise_std", sampler.noiseStd),
        SEGLOOP_FIELD(size_t, "sampler.cache_bytes", sampler.cacheBytes),
        SEGLOOP_FIELD(std::string, "normalisation.mode", normalisation.mode),
        SEGLOOP_FIELD(double, "normalisation.lower_percentile", normalisation.lowerPercentile),
        SEGLOOP_FIELD(double, "normalisation.upper_percentile", normalisation.upperPercentile),
        SEGLOOP_FIELD(double, "normalisation.window_low", normalisation.windowLow),
        SEGLOOP_FIELD(double, "normalisation.window_high", normalisation.windowHigh),
        SEGLOOP_FIELD(double, "methods.supervised_ce_weight", methodSettings.supervisedCeWeight),
        SEGLOOP_FIELD(double, "methods.supervised_dice_weight",
                      methodSettings.supervisedDiceWeight),
        SEGLOOP_FIELD(double, "methods.dice_smooth", methodSettings.diceSmooth),
        SEGLOOP_FIELD(bool, "methods.dice_include_background",
                      methodSettings.diceIncludeBackground),
        SEGLOOP_FIELD(double, "methods.ramp_up_fraction", methodSettings.rampUpFraction),
        SEGLOOP_FIELD(double, "methods.teacher_noise_std", methodSettings.teacherNoiseStd),
        SEGLOOP_FIELD(double, "methods.teacher_noise_clip", methodSettings.teacherNoiseClip),
        SEGLOOP_FIELD(double, "methods.ema_max_decay", methodSettings.emaMaxDecay),
        SEGLOOP_FIELD(bool, "methods.teacher_flip_average", methodSettings.teacherFlipAverage),
        SEGLOOP_FIELD(bool, "methods.strong_student_view", methodSettings.strongStudentView),
        SEGLOOP_FIELD(double, "methods.strong_view_intensity", methodSettings.strongViewIntensity),
        SEGLOOP_FIELD(double, "methods.strong_view_noise_std", methodSettings.strongViewNoiseStd),
        SEGLOOP_FIELD(bool, "methods.strong_view_flips", methodSettings.strongViewFlips),
        SEGLOOP_FIELD(double, "methods.mean_teacher_weight", methodSettings.meanTeacherWeight),
        SEGLOOP_FIELD(double, "methods.sgrs_weight", methodSettings.sgrsWeight),
        SEGLOOP_FIELD(double, "methods.sgrs_tau", methodSettings.sgrsTau),
        SEGLOOP_FIELD(double, "methods.sgrs_label_smoothing", methodSettings.sgrsLabelSmoothing),
        SEGLOOP_FIELD(double, "methods.sgrs_consistent_dice_smooth",
                      methodSettings.sgrsConsistentDiceSmooth),
        SEGLOOP_FIELD(double, "methods.sgrs_divergent_dice_smooth",
                      methodSettings.sgrsDivergentDiceSmooth),
        SEGLOOP_FIELD(double, "methods.sgrs_mix_alpha", methodSettings.sgrsMixAlpha),
        SEGLOOP_FIELD(std::string, "methods.sgrs_mix_mode", methodSettings.sgrsMixMode),
        SEGLOOP_FIELD(double, "methods.sgrs_paste_fraction", methodSettings.sgrsPasteFraction),
        SEGLOOP_FIELD(double, "methods.sgrs_pasted_supervised_weight",
                      methodSettings.sgrsPastedSupervisedWeight),
        SEGLOOP_FIELD(bool, "methods.sgrs_reference_supervised_dice",
                      methodSettings.sgrsReferenceSupervisedDice),
        SEGLOOP_FIELD(double, "methods.buarl_weight", methodSettings.buarlWeight),
        SEGLOOP_FIELD(double, "methods.buarl_uncertain_fraction",
                      methodSettings.buarlUncertainFraction),
        SEGLOOP_FIELD(double, "methods.buarl_url_weight", methodSettings.buarlUrlWeight),
        SEGLOOP_FIELD(double, "methods.buarl_confident_threshold",
                      methodSettings.buarlConfidentThreshold),
        SEGLOOP_FIELD(bool, "methods.buarl_unlabelled_dice", methodSettings.buarlUnlabelledDice),
        SEGLOOP_FIELD(std::string, "methods.pseudo_labels", methodSettings.pseudoLabels),
        SEGLOOP_FIELD(int64_t, "methods.reference_max_per_class",
                      methodSettings.referenceMaxPerClass),
        SEGLOOP_FIELD(int64_t, "methods.reference_chunk_size", methodSettings.referenceChunkSize),
        SEGLOOP_FIELD(std::string, "methods.quality_base_method", methodSettings.qualityBaseMethod),
        SEGLOOP_FIELD(std::string, "methods.quality_model_path", methodSettings.qualityModelPath),
        SEGLOOP_FIELD(double, "methods.quality_regularisation_weight",
                      methodSettings.qualityRegularisationWeight),
        SEGLOOP_FIELD(double, "methods.quality_regularisation_start",
                      methodSettings.qualityRegularisationStart),
        SEGLOOP_FIELD(double, "methods.quality_regularisation_ramp_length",
                      methodSettings.qualityRegularisationRampLength),
        SEGLOOP_FIELD(double, "methods.quality_weight_temperature",
                      methodSettings.qualityWeightTemperature),
        SEGLOOP_FIELD(double, "methods.quality_weight_threshold",
                      methodSettings.qualityWeightThreshold),
        SEGLOOP_FIELD(int64_t, "iterations", iterations),
        SEGLOOP_FIELD(int64_t, "labelled_per_batch", labelledPerBatch),
        SEGLOOP_FIELD(int64_t, "unlabelled_per_batch", unlabelledPerBatch),
        SEGLOOP_FIELD(std::string, "optimizer", optimizer),
        SEGLOOP_FIELD(double, "learning_rate", learningRate),
        SEGLOOP_FIELD(double, "momentum", momentum),
        SEGLOOP_FIELD(double, "weight_decay", weightDecay),
        SEGLOOP_FIELD(bool, "restart_decay_on_new_labels", restartDecayOnNewLabels),
        SEGLOOP_FIELD(int64_t, "validation_interval", validationInterval),
        SEGLOOP_FIELD(int64_t, "best_checkpoint_min_cases", bestCheckpointMinCases),
        SEGLOOP_FIELD(int64_t, "checkpoint_interval", checkpointInterval),
        SEGLOOP_FIELD(std::string, "device", device),
        SEGLOOP_FIELD(bool, "mixed_precision", mixedPrecision),
        SEGLOOP_FIELD(int, "threads", threads),
        SEGLOOP_FIELD(uint64_t, "seed", seed),
    };
    return all;
}

}  // namespace

std::string settingsToText(const TrainingSettings& settings) {
    std::string text;
    for (const Field& f : fields()) {
        text += std::string(f.key) + " = " + f.get(settings) + "\n";
    }
    return text;
}

TrainingSettings settingsFromText(const std::string& text, const std::string& source) {
    TrainingSettings settings;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const size_t equals = line.find(" = ");
        if (line.empty()) {
            continue;
        }
        if (equals == std::string::npos) {
            throw Error(source, "malformed settings line '" + line + "'");
        }
        const std::string key = line.substr(0, equals);
        const std::string value = line.substr(equals + 3);
        bool known = false;
        for (const Field& f : fields()) {
            if (key == f.key) {
                try {
                    f.set(settings, value);
                } catch (const std::exception&) {
                    throw Error(source, "setting " + key + " has a bad value '" + value + "'");
                }
                known = true;
            }
        }
        if (!known) {
            throw Error(source, "unknown setting '" + key + "' (written by a newer SegLoop?)");
        }
    }
    return settings;
}

}  // namespace segloop

namespace segloop {

TrainingSettings settingsWithAssignments(const TrainingSettings& settings,
                                         const std::string& assignments,
                                         const std::string& source) {
    const auto trimmed = [](const std::string& text) {
        const size_t first = text.find_first_not_of(" \t");
        if (first == std::string::npos)
            return std::string();
        return text.substr(first, text.find_last_not_of(" \t") - first + 1);
    };
    std::string lines;
    std::string part;
    for (std::istringstream parts(assignments); std::getline(parts, part, ';');) {
        std::istringstream partLines(part);
        for (std::string line; std::getline(partLines, line);) {
            if (trimmed(line).empty())
                continue;
            const size_t equals = line.find('=');
            if (equals == std::string::npos)
                throw Error(source, "'" + trimmed(line) + "' is no 'key = value' setting");
            lines +=
                trimmed(line.substr(0, equals)) + " = " + trimmed(line.substr(equals + 1)) + "\n";
        }
    }
    if (lines.empty())
        return settings;
    return settingsFromText(settingsToText(settings) + "\n" + lines, source);
}

}  // namespace segloop
