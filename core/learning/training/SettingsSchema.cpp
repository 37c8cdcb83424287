#include "core/learning/training/SettingsSchema.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "core/Error.h"
#include "core/learning/methods/MethodNames.h"

namespace segloop {
namespace {

/// What a field may hold: a closed or half-open range for numbers, a list for text.
struct Rule {
    std::string text;  ///< "in [0, 1]", "one of a, b"; empty: anything its type holds
    double low = 0, high = 0;
    bool highOpen = false;
    std::vector<std::string> choices;
    bool numeric = false;
};

std::string number(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

Rule range(double low, double high) {
    return {"in [" + number(low) + ", " + number(high) + "]", low, high, false, {}, true};
}
Rule belowOne(double low) {  // [low, 1)
    return {"in [" + number(low) + ", 1)", low, 1.0, true, {}, true};
}
Rule oneOf(std::vector<std::string> choices) {
    std::string text;
    for (const std::string& c : choices) text += (text.empty() ? "one of " : ", ") + c;
    return {text, 0, 0, false, std::move(choices), false};
}
Rule anyValue() { return {}; }

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
bool keeps(const Rule& rule, const T& value) {
    if constexpr (std::is_same_v<T, std::string>) {
        return rule.choices.empty() ||
               std::find(rule.choices.begin(), rule.choices.end(), value) != rule.choices.end();
    } else if constexpr (std::is_same_v<T, bool>) {
        return true;
    } else {
        if (!rule.numeric) return true;
        const double v = double(value);
        return v >= rule.low && (rule.highOpen ? v < rule.high : v <= rule.high);
    }
}

/// A field bound to a member reached through `member(settings)`.
template <typename T>
SettingField field(const char* key, std::function<T&(TrainingSettings&)> member, Rule rule) {
    auto read = [member](const TrainingSettings& s) -> const T& {
        return member(const_cast<TrainingSettings&>(s));
    };
    return {key, rule.text, [read](const TrainingSettings& s) { return print(read(s)); },
            [member](TrainingSettings& s, const std::string& text) { member(s) = parse<T>(text); },
            [read, rule](const TrainingSettings& s) { return keeps(rule, read(s)); }};
}

#define SEGLOOP_FIELD(type, key, path, rule) \
    field<type>(key, [](TrainingSettings& s) -> type& { return s.path; }, rule)

constexpr double kMaxWeight = 1e6;  // loss weights and Dice smoothing: any sane value

std::vector<SettingField> makeFields() {
    const Rule weight = range(0, kMaxWeight);
    const Rule fraction = range(0, 1);
    std::vector<std::string> baseMethods = trainingMethodNames();
    baseMethods.erase(std::remove(baseMethods.begin(), baseMethods.end(), "quality-guided"),
                      baseMethods.end());
    return {
        SEGLOOP_FIELD(std::string, "method", method, oneOf(trainingMethodNames())),
        SEGLOOP_FIELD(std::string, "network.architecture", network.architecture,
                      oneOf({"unet3d", "unet2d"})),
        SEGLOOP_FIELD(int64_t, "network.input_channels", network.inputChannels, range(1, 64)),
        SEGLOOP_FIELD(int64_t, "network.classes", network.classes, range(2, 1000)),
        SEGLOOP_FIELD(int64_t, "network.base_channels", network.baseChannels, range(1, 1024)),
        SEGLOOP_FIELD(int64_t, "network.levels", network.levels, range(1, 8)),
        SEGLOOP_FIELD(double, "network.dropout", network.dropout, belowOne(0)),
        SEGLOOP_FIELD(int64_t, "sampler.patch_x", sampler.patchSize[0], range(1, 4096)),
        SEGLOOP_FIELD(int64_t, "sampler.patch_y", sampler.patchSize[1], range(1, 4096)),
        SEGLOOP_FIELD(int64_t, "sampler.patch_z", sampler.patchSize[2], range(1, 4096)),
        SEGLOOP_FIELD(double, "sampler.foreground_probability", sampler.foregroundProbability,
                      fraction),
        SEGLOOP_FIELD(bool, "sampler.flips", sampler.flips, anyValue()),
        SEGLOOP_FIELD(bool, "sampler.rotations", sampler.rotations, anyValue()),
        SEGLOOP_FIELD(double, "sampler.intensity_scale", sampler.intensityScale, belowOne(0)),
        SEGLOOP_FIELD(double, "sampler.intensity_shift", sampler.intensityShift, range(0, 1e3)),
        SEGLOOP_FIELD(double, "sampler.noise_std", sampler.noiseStd, range(0, 1e3)),
        SEGLOOP_FIELD(size_t, "sampler.cache_bytes", sampler.cacheBytes, anyValue()),
        SEGLOOP_FIELD(std::string, "normalisation.mode", normalisation.mode,
                      oneOf({"zscore", "window"})),
        SEGLOOP_FIELD(double, "normalisation.lower_percentile", normalisation.lowerPercentile,
                      range(0, 100)),
        SEGLOOP_FIELD(double, "normalisation.upper_percentile", normalisation.upperPercentile,
                      range(0, 100)),
        SEGLOOP_FIELD(double, "normalisation.window_low", normalisation.windowLow, anyValue()),
        SEGLOOP_FIELD(double, "normalisation.window_high", normalisation.windowHigh, anyValue()),
        SEGLOOP_FIELD(double, "methods.supervised_ce_weight", methodSettings.supervisedCeWeight,
                      weight),
        SEGLOOP_FIELD(double, "methods.supervised_dice_weight",
                      methodSettings.supervisedDiceWeight, weight),
        SEGLOOP_FIELD(double, "methods.dice_smooth", methodSettings.diceSmooth, weight),
        SEGLOOP_FIELD(bool, "methods.dice_include_background",
                      methodSettings.diceIncludeBackground, anyValue()),
        SEGLOOP_FIELD(double, "methods.ramp_up_fraction", methodSettings.rampUpFraction, fraction),
        SEGLOOP_FIELD(double, "methods.teacher_noise_std", methodSettings.teacherNoiseStd, weight),
        SEGLOOP_FIELD(double, "methods.teacher_noise_clip", methodSettings.teacherNoiseClip,
                      weight),
        SEGLOOP_FIELD(double, "methods.ema_max_decay", methodSettings.emaMaxDecay, fraction),
        SEGLOOP_FIELD(bool, "methods.teacher_flip_average", methodSettings.teacherFlipAverage,
                      anyValue()),
        SEGLOOP_FIELD(bool, "methods.strong_student_view", methodSettings.strongStudentView,
                      anyValue()),
        SEGLOOP_FIELD(double, "methods.strong_view_intensity",
                      methodSettings.strongViewIntensity, fraction),
        SEGLOOP_FIELD(double, "methods.strong_view_noise_std", methodSettings.strongViewNoiseStd,
                      range(0, 1e3)),
        SEGLOOP_FIELD(bool, "methods.strong_view_flips", methodSettings.strongViewFlips,
                      anyValue()),
        SEGLOOP_FIELD(double, "methods.mean_teacher_weight", methodSettings.meanTeacherWeight,
                      weight),
        SEGLOOP_FIELD(double, "methods.sgrs_weight", methodSettings.sgrsWeight, weight),
        SEGLOOP_FIELD(double, "methods.sgrs_tau", methodSettings.sgrsTau, range(0, 0.5)),
        SEGLOOP_FIELD(double, "methods.sgrs_label_smoothing", methodSettings.sgrsLabelSmoothing,
                      fraction),
        SEGLOOP_FIELD(double, "methods.sgrs_consistent_dice_smooth",
                      methodSettings.sgrsConsistentDiceSmooth, weight),
        SEGLOOP_FIELD(double, "methods.sgrs_divergent_dice_smooth",
                      methodSettings.sgrsDivergentDiceSmooth, weight),
        SEGLOOP_FIELD(double, "methods.sgrs_mix_alpha", methodSettings.sgrsMixAlpha,
                      range(1e-3, 1e3)),
        SEGLOOP_FIELD(std::string, "methods.sgrs_mix_mode", methodSettings.sgrsMixMode,
                      oneOf({"blend", "copy-paste"})),
        SEGLOOP_FIELD(double, "methods.sgrs_paste_fraction", methodSettings.sgrsPasteFraction,
                      range(1e-3, 1)),
        SEGLOOP_FIELD(double, "methods.sgrs_pasted_supervised_weight",
                      methodSettings.sgrsPastedSupervisedWeight, weight),
        SEGLOOP_FIELD(bool, "methods.sgrs_reference_supervised_dice",
                      methodSettings.sgrsReferenceSupervisedDice, anyValue()),
        SEGLOOP_FIELD(double, "methods.buarl_weight", methodSettings.buarlWeight, weight),
        SEGLOOP_FIELD(double, "methods.buarl_uncertain_fraction",
                      methodSettings.buarlUncertainFraction, fraction),
        SEGLOOP_FIELD(double, "methods.buarl_url_weight", methodSettings.buarlUrlWeight, weight),
        SEGLOOP_FIELD(double, "methods.buarl_confident_threshold",
                      methodSettings.buarlConfidentThreshold, fraction),
        SEGLOOP_FIELD(bool, "methods.buarl_unlabelled_dice", methodSettings.buarlUnlabelledDice,
                      anyValue()),
        SEGLOOP_FIELD(std::string, "methods.pseudo_labels", methodSettings.pseudoLabels,
                      oneOf({"teacher", "reference"})),
        SEGLOOP_FIELD(int64_t, "methods.reference_max_per_class",
                      methodSettings.referenceMaxPerClass, range(1, 1e9)),
        SEGLOOP_FIELD(int64_t, "methods.reference_chunk_size", methodSettings.referenceChunkSize,
                      range(1, 1e9)),
        SEGLOOP_FIELD(std::string, "methods.quality_base_method",
                      methodSettings.qualityBaseMethod, oneOf(baseMethods)),
        SEGLOOP_FIELD(std::string, "methods.quality_model_path", methodSettings.qualityModelPath,
                      anyValue()),
        SEGLOOP_FIELD(double, "methods.quality_regularisation_weight",
                      methodSettings.qualityRegularisationWeight, weight),
        SEGLOOP_FIELD(double, "methods.quality_regularisation_start",
                      methodSettings.qualityRegularisationStart, fraction),
        SEGLOOP_FIELD(double, "methods.quality_regularisation_ramp_length",
                      methodSettings.qualityRegularisationRampLength, fraction),
        SEGLOOP_FIELD(double, "methods.quality_weight_temperature",
                      methodSettings.qualityWeightTemperature, range(0, 1e3)),
        SEGLOOP_FIELD(double, "methods.quality_weight_threshold",
                      methodSettings.qualityWeightThreshold, fraction),
        SEGLOOP_FIELD(int64_t, "iterations", iterations, range(1, 1e9)),
        SEGLOOP_FIELD(int64_t, "labelled_per_batch", labelledPerBatch, range(1, 1024)),
        SEGLOOP_FIELD(int64_t, "unlabelled_per_batch", unlabelledPerBatch, range(0, 1024)),
        SEGLOOP_FIELD(std::string, "optimizer", optimizer, oneOf({"adam", "sgd"})),
        SEGLOOP_FIELD(double, "learning_rate", learningRate, range(1e-9, 10)),
        SEGLOOP_FIELD(double, "momentum", momentum, belowOne(0)),
        SEGLOOP_FIELD(double, "weight_decay", weightDecay, fraction),
        SEGLOOP_FIELD(bool, "restart_decay_on_new_labels", restartDecayOnNewLabels, anyValue()),
        SEGLOOP_FIELD(int64_t, "validation_interval", validationInterval, range(0, 1e9)),
        SEGLOOP_FIELD(int64_t, "best_checkpoint_min_cases", bestCheckpointMinCases,
                      range(0, 1e6)),
        SEGLOOP_FIELD(int64_t, "checkpoint_interval", checkpointInterval, range(0, 1e9)),
        SEGLOOP_FIELD(std::string, "device", device, oneOf({"auto", "cpu", "cuda"})),
        SEGLOOP_FIELD(bool, "mixed_precision", mixedPrecision, anyValue()),
        SEGLOOP_FIELD(int, "threads", threads, range(0, 4096)),
        SEGLOOP_FIELD(uint64_t, "seed", seed, anyValue()),
    };
}

}  // namespace

const std::vector<SettingField>& trainingSettingFields() {
    static const std::vector<SettingField> all = makeFields();
    return all;
}

const SettingField* findTrainingSettingField(const std::string& key) {
    for (const SettingField& f : trainingSettingFields()) {
        if (f.key == key) return &f;
    }
    return nullptr;
}

void checkTrainingSettings(const TrainingSettings& settings, const std::string& source) {
    for (const SettingField& f : trainingSettingFields()) {
        if (!f.allowed(settings)) {
            std::string shown = f.get(settings);  // 17 digits: 0.7 would read 0.69999...
            try {
                size_t used = 0;
                const double value = std::stod(shown, &used);
                if (used == shown.size()) shown = number(value);
            } catch (const std::exception&) {
            }
            throw Error(source, "setting " + f.key + " = " + shown +
                                    " is out of range: must be " + f.rule);
        }
    }
}

}  // namespace segloop
