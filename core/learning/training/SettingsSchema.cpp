#include "core/learning/training/SettingsSchema.h"

#include "core/Error.h"
#include "core/learning/methods/MethodNames.h"

namespace segloop {
namespace {

#define SEGLOOP_FIELD(type, key, path, rule) \
    settingField<TrainingSettings, type>(key, [](TrainingSettings& s) -> type& { return s.path; }, \
                                         rule)

constexpr double kMaxWeight = 1e6;  // loss weights and Dice smoothing: any sane value

std::vector<SettingField> makeFields() {
    const SettingRule weight = settingRange(0, kMaxWeight);
    const SettingRule fraction = settingRange(0, 1);
    return {
        SEGLOOP_FIELD(std::string, "method", method, settingChoices(trainingMethodNames())),
        SEGLOOP_FIELD(std::string, "network.architecture", network.architecture,
                      settingChoices({"unet3d", "unet2d"})),
        SEGLOOP_FIELD(int64_t, "network.input_channels", network.inputChannels, settingRange(1, 64)),
        SEGLOOP_FIELD(int64_t, "network.classes", network.classes, settingRange(2, 1000)),
        SEGLOOP_FIELD(int64_t, "network.base_channels", network.baseChannels, settingRange(1, 1024)),
        SEGLOOP_FIELD(int64_t, "network.levels", network.levels, settingRange(1, 8)),
        SEGLOOP_FIELD(double, "network.dropout", network.dropout, settingBelow(0, 1)),
        SEGLOOP_FIELD(int64_t, "sampler.patch_x", sampler.patchSize[0], settingRange(1, 4096)),
        SEGLOOP_FIELD(int64_t, "sampler.patch_y", sampler.patchSize[1], settingRange(1, 4096)),
        SEGLOOP_FIELD(int64_t, "sampler.patch_z", sampler.patchSize[2], settingRange(1, 4096)),
        SEGLOOP_FIELD(double, "sampler.foreground_probability", sampler.foregroundProbability,
                      fraction),
        SEGLOOP_FIELD(bool, "sampler.flips", sampler.flips, anySetting()),
        SEGLOOP_FIELD(bool, "sampler.rotations", sampler.rotations, anySetting()),
        SEGLOOP_FIELD(double, "sampler.intensity_scale", sampler.intensityScale, settingBelow(0, 1)),
        SEGLOOP_FIELD(double, "sampler.intensity_shift", sampler.intensityShift, settingRange(0, 1e3)),
        SEGLOOP_FIELD(double, "sampler.noise_std", sampler.noiseStd, settingRange(0, 1e3)),
        SEGLOOP_FIELD(size_t, "sampler.cache_bytes", sampler.cacheBytes, anySetting()),
        SEGLOOP_FIELD(std::string, "normalisation.mode", normalisation.mode,
                      settingChoices({"zscore", "window"})),
        SEGLOOP_FIELD(double, "normalisation.lower_percentile", normalisation.lowerPercentile,
                      settingRange(0, 100)),
        SEGLOOP_FIELD(double, "normalisation.upper_percentile", normalisation.upperPercentile,
                      settingRange(0, 100)),
        SEGLOOP_FIELD(double, "normalisation.window_low", normalisation.windowLow, anySetting()),
        SEGLOOP_FIELD(double, "normalisation.window_high", normalisation.windowHigh, anySetting()),
        SEGLOOP_FIELD(double, "methods.supervised_ce_weight", methodSettings.supervisedCeWeight,
                      weight),
        SEGLOOP_FIELD(double, "methods.supervised_dice_weight",
                      methodSettings.supervisedDiceWeight, weight),
        SEGLOOP_FIELD(double, "methods.dice_smooth", methodSettings.diceSmooth, weight),
        SEGLOOP_FIELD(bool, "methods.dice_include_background",
                      methodSettings.diceIncludeBackground, anySetting()),
        SEGLOOP_FIELD(double, "methods.ramp_up_fraction", methodSettings.rampUpFraction, fraction),
        SEGLOOP_FIELD(double, "methods.teacher_noise_std", methodSettings.teacherNoiseStd, weight),
        SEGLOOP_FIELD(double, "methods.teacher_noise_clip", methodSettings.teacherNoiseClip,
                      weight),
        SEGLOOP_FIELD(double, "methods.ema_max_decay", methodSettings.emaMaxDecay, fraction),
        SEGLOOP_FIELD(bool, "methods.teacher_flip_average", methodSettings.teacherFlipAverage,
                      anySetting()),
        SEGLOOP_FIELD(bool, "methods.strong_student_view", methodSettings.strongStudentView,
                      anySetting()),
        SEGLOOP_FIELD(double, "methods.strong_view_intensity",
                      methodSettings.strongViewIntensity, fraction),
        SEGLOOP_FIELD(double, "methods.strong_view_noise_std", methodSettings.strongViewNoiseStd,
                      settingRange(0, 1e3)),
        SEGLOOP_FIELD(bool, "methods.strong_view_flips", methodSettings.strongViewFlips,
                      anySetting()),
        SEGLOOP_FIELD(double, "methods.mean_teacher_weight", methodSettings.meanTeacherWeight,
                      weight),
        SEGLOOP_FIELD(double, "methods.sgrs_weight", methodSettings.sgrsWeight, weight),
        SEGLOOP_FIELD(double, "methods.sgrs_tau", methodSettings.sgrsTau, settingRange(0, 0.5)),
        SEGLOOP_FIELD(double, "methods.sgrs_label_smoothing", methodSettings.sgrsLabelSmoothing,
                      fraction),
        SEGLOOP_FIELD(double, "methods.sgrs_consistent_dice_smooth",
                      methodSettings.sgrsConsistentDiceSmooth, weight),
        SEGLOOP_FIELD(double, "methods.sgrs_divergent_dice_smooth",
                      methodSettings.sgrsDivergentDiceSmooth, weight),
        SEGLOOP_FIELD(double, "methods.sgrs_mix_alpha", methodSettings.sgrsMixAlpha,
                      settingRange(1e-3, 1e3)),
        SEGLOOP_FIELD(std::string, "methods.sgrs_mix_mode", methodSettings.sgrsMixMode,
                      settingChoices({"blend", "copy-paste"})),
        SEGLOOP_FIELD(double, "methods.sgrs_paste_fraction", methodSettings.sgrsPasteFraction,
                      settingRange(1e-3, 1)),
        SEGLOOP_FIELD(double, "methods.sgrs_pasted_supervised_weight",
                      methodSettings.sgrsPastedSupervisedWeight, weight),
        SEGLOOP_FIELD(bool, "methods.sgrs_reference_supervised_dice",
                      methodSettings.sgrsReferenceSupervisedDice, anySetting()),
        SEGLOOP_FIELD(double, "methods.buarl_weight", methodSettings.buarlWeight, weight),
        SEGLOOP_FIELD(double, "methods.buarl_uncertain_fraction",
                      methodSettings.buarlUncertainFraction, fraction),
        SEGLOOP_FIELD(double, "methods.buarl_url_weight", methodSettings.buarlUrlWeight, weight),
        SEGLOOP_FIELD(double, "methods.buarl_confident_threshold",
                      methodSettings.buarlConfidentThreshold, fraction),
        SEGLOOP_FIELD(bool, "methods.buarl_unlabelled_dice", methodSettings.buarlUnlabelledDice,
                      anySetting()),
        SEGLOOP_FIELD(std::string, "methods.pseudo_labels", methodSettings.pseudoLabels,
                      settingChoices({"teacher", "reference"})),
        SEGLOOP_FIELD(int64_t, "methods.reference_max_per_class",
                      methodSettings.referenceMaxPerClass, settingRange(1, 1e9)),
        SEGLOOP_FIELD(int64_t, "methods.reference_chunk_size", methodSettings.referenceChunkSize,
                      settingRange(1, 1e9)),
        SEGLOOP_FIELD(std::string, "methods.quality_base_method",
                      methodSettings.qualityBaseMethod, settingChoices(qualityBaseMethodNames())),
        SEGLOOP_FIELD(std::string, "methods.quality_model_path", methodSettings.qualityModelPath,
                      anySetting()),
        SEGLOOP_FIELD(double, "methods.quality_regularisation_weight",
                      methodSettings.qualityRegularisationWeight, weight),
        SEGLOOP_FIELD(double, "methods.quality_regularisation_start",
                      methodSettings.qualityRegularisationStart, fraction),
        SEGLOOP_FIELD(double, "methods.quality_regularisation_ramp_length",
                      methodSettings.qualityRegularisationRampLength, fraction),
        SEGLOOP_FIELD(double, "methods.quality_weight_temperature",
                      methodSettings.qualityWeightTemperature, settingRange(0, 1e3)),
        SEGLOOP_FIELD(double, "methods.quality_weight_threshold",
                      methodSettings.qualityWeightThreshold, fraction),
        SEGLOOP_FIELD(int64_t, "iterations", iterations, settingRange(1, 1e9)),
        SEGLOOP_FIELD(int64_t, "labelled_per_batch", labelledPerBatch, settingRange(1, 1024)),
        SEGLOOP_FIELD(int64_t, "unlabelled_per_batch", unlabelledPerBatch, settingRange(0, 1024)),
        SEGLOOP_FIELD(std::string, "optimizer", optimizer, settingChoices({"adam", "sgd"})),
        SEGLOOP_FIELD(double, "learning_rate", learningRate, settingRange(1e-9, 10)),
        SEGLOOP_FIELD(double, "momentum", momentum, settingBelow(0, 1)),
        SEGLOOP_FIELD(double, "weight_decay", weightDecay, fraction),
        SEGLOOP_FIELD(bool, "restart_decay_on_new_labels", restartDecayOnNewLabels, anySetting()),
        SEGLOOP_FIELD(int64_t, "validation_interval", validationInterval, settingRange(0, 1e9)),
        SEGLOOP_FIELD(int64_t, "best_checkpoint_min_cases", bestCheckpointMinCases,
                      settingRange(0, 1e6)),
        SEGLOOP_FIELD(int64_t, "checkpoint_interval", checkpointInterval, settingRange(0, 1e9)),
        SEGLOOP_FIELD(std::string, "device", device, settingChoices({"auto", "cpu", "cuda"})),
        SEGLOOP_FIELD(bool, "mixed_precision", mixedPrecision, anySetting()),
        SEGLOOP_FIELD(int, "threads", threads, settingRange(0, 4096)),
        SEGLOOP_FIELD(uint64_t, "seed", seed, anySetting()),
    };
}

}  // namespace

const std::vector<SettingField>& trainingSettingFields() {
    static const std::vector<SettingField> all = makeFields();
    return all;
}

const SettingField* findTrainingSettingField(const std::string& key) {
    return findSettingField(trainingSettingFields(), key);
}

/// The choices of a text setting (a front end's list), from the table.
std::vector<std::string> trainingSettingChoices(const std::string& key) {
    const SettingField* field = findTrainingSettingField(key);
    if (!field) throw Error("training settings", "no setting '" + key + "'");
    return field->choices;
}

void checkTrainingSettings(const TrainingSettings& settings, const std::string& source) {
    checkSettingsOf(trainingSettingFields(), settings, source);
}

}  // namespace segloop
