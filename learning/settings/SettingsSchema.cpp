#include "learning/settings/SettingsSchema.h"

#include "core/Error.h"
#include "learning/settings/MethodNames.h"

namespace segloop {
namespace {

#define SEGLOOP_FIELD(type, key, path, rule) \
    settingField<TrainingSettings, type>(    \
        key, [](TrainingSettings& s) -> type& { return s.path; }, rule)

constexpr double kMaxWeight = 1e6;  // loss weights and Dice smoothing: any sane value

// Groups, in the order the window's form and `train --help` list them.
const char* const kMethod = "Method";
const char* const kSchedule = "Schedule";
const char* const kDevice = "Device";
const char* const kNetwork = "Network";
const char* const kSampling = "Sampling";
const char* const kNormalisation = "Normalisation";
const char* const kLosses = "Losses and teacher";
const char* const kSgrs = "sgrs";
const char* const kBuarl = "buarl";
const char* const kReference = "Reference pseudo-labels";
const char* const kQuality = "Quality-guided";

constexpr SettingShown kBasic = SettingShown::Basic;
constexpr SettingShown kHidden = SettingShown::Hidden;

std::vector<SettingField> makeFields() {
    const SettingRule weight = settingRange(0, kMaxWeight);
    const SettingRule fraction = settingRange(0, 1);
    return {
        SEGLOOP_FIELD(std::string, "method", method, settingChoices(trainingMethodNames()))
            .describe("the training method", kMethod)
            .cli("method", "NAME")
            .show(kBasic),
        SEGLOOP_FIELD(std::string, "methods.pseudo_labels", methodSettings.pseudoLabels,
                      settingChoices({"teacher", "reference"}))
            .describe("mean-teacher, sgrs, quality-guided: pseudo-labels from the teacher, or "
                      "from the nearest labelled voxel in its features",
                      kMethod)
            .cli("pseudo-labels", "SOURCE")
            .show(kBasic),
        SEGLOOP_FIELD(std::string, "methods.quality_base_method", methodSettings.qualityBaseMethod,
                      settingChoices(qualityBaseMethodNames()))
            .describe("quality-guided: the method it builds on", kMethod)
            .cli("base-method", "NAME")
            .show(kBasic),
        SEGLOOP_FIELD(std::string, "methods.quality_model_path", methodSettings.qualityModelPath,
                      anySetting())
            .describe("quality-guided: the frozen quality predictor; empty: the project's newest",
                      kMethod)
            .cli("quality-model", "PATH")
            .show(kHidden),
        SEGLOOP_FIELD(bool, "methods.strong_student_view", methodSettings.strongStudentView,
                      anySetting())
            .describe("the student sees a strongly perturbed view of each unlabelled image, the "
                      "teacher the plain one (not for supervised)",
                      kMethod)
            .cli("strong-view")
            .cliOff("no-strong-view")
            .show(kBasic),
        SEGLOOP_FIELD(std::string, "methods.sgrs_mix_mode", methodSettings.sgrsMixMode,
                      settingChoices({"blend", "copy-paste"}))
            .describe("sgrs: how an unlabelled image meets a labelled one, SGRS's blend or BCP's "
                      "box pasted both ways",
                      kMethod)
            .cli("sgrs-mix", "MODE")
            .show(kBasic),
        SEGLOOP_FIELD(int64_t, "iterations", iterations, settingRange(1, 1e9))
            .describe("optimisation steps", kSchedule)
            .in("steps")
            .cli("iterations", "N")
            .show(kBasic),
        SEGLOOP_FIELD(int64_t, "labelled_per_batch", labelledPerBatch, settingRange(1, 1024))
            .describe("labelled patches per step", kSchedule)
            .cli("labelled-batch", "N"),
        SEGLOOP_FIELD(int64_t, "unlabelled_per_batch", unlabelledPerBatch, settingRange(0, 1024))
            .describe("unlabelled patches per step (not for supervised)", kSchedule)
            .cli("unlabelled-batch", "N"),
        SEGLOOP_FIELD(std::string, "optimizer", optimizer, settingChoices({"adam", "sgd"}))
            .describe("the optimiser; a new one starts from its own learning rate (adam " +
                          shortNumber(kAdamLearningRate) + ", sgd " +
                          shortNumber(kSgdLearningRate) + ")",
                      kSchedule)
            .cli("optimizer", "NAME"),
        SEGLOOP_FIELD(double, "learning_rate", learningRate, settingRange(1e-9, 10))
            .describe("initial learning rate, decayed polynomially over the run", kSchedule)
            .cli("lr", "RATE"),
        SEGLOOP_FIELD(double, "momentum", momentum, settingBelow(0, 1))
            .describe("sgd's momentum", kSchedule),
        SEGLOOP_FIELD(double, "weight_decay", weightDecay, fraction)
            .describe("L2 weight decay", kSchedule),
        SEGLOOP_FIELD(bool, "restart_decay_on_new_labels", restartDecayOnNewLabels, anySetting())
            .describe("labels saved while it trains start the learning-rate decay again", kSchedule)
            .cliOff("one-decay"),
        SEGLOOP_FIELD(int64_t, "validation_interval", validationInterval, settingRange(0, 1e9))
            .describe("steps between validations, 0 for none", kSchedule)
            .in("steps")
            .cli("validation-interval", "N"),
        SEGLOOP_FIELD(int64_t, "best_checkpoint_min_cases", bestCheckpointMinCases,
                      settingRange(0, 1e6))
            .describe("validation cases needed to keep the best weights instead of the last",
                      kSchedule),
        SEGLOOP_FIELD(int64_t, "checkpoint_interval", checkpointInterval, settingRange(0, 1e9))
            .describe("steps between resumable checkpoints, 0 for none (with "
                      "--validation-interval alone: the same interval)",
                      kSchedule)
            .in("steps")
            .cli("checkpoint-interval", "N"),
        SEGLOOP_FIELD(uint64_t, "seed", seed, anySetting())
            .describe("random seed", kSchedule)
            .cli("seed", "N"),
        SEGLOOP_FIELD(std::string, "device", device, settingChoices({"auto", "cpu", "cuda"}))
            .describe("where to train (auto: CUDA when there is one)", kDevice)
            .cli("device", "DEVICE")
            .show(kBasic),
        SEGLOOP_FIELD(bool, "mixed_precision", mixedPrecision, anySetting())
            .describe("CUDA only: mixed precision (fp16 autocast)", kDevice)
            .cliOff("no-amp"),
        SEGLOOP_FIELD(int, "threads", threads, settingRange(0, 4096))
            .describe("CPU threads for LibTorch, 0 for all cores", kDevice)
            .cli("threads", "N"),
        SEGLOOP_FIELD(std::string, "network.architecture", network.architecture,
                      settingChoices({"unet3d", "unet2d"}))
            .describe("the network", kNetwork)
            .cli("network", "NAME"),
        SEGLOOP_FIELD(int64_t, "network.input_channels", network.inputChannels, settingRange(1, 64))
            .describe("image channels (from the data)", kNetwork)
            .show(kHidden),
        SEGLOOP_FIELD(int64_t, "network.classes", network.classes, settingRange(2, 1000))
            .describe("classes with the background (from the project)", kNetwork)
            .show(kHidden),
        SEGLOOP_FIELD(int64_t, "network.base_channels", network.baseChannels, settingRange(1, 1024))
            .describe("channels of the first level", kNetwork)
            .cli("base-channels", "N"),
        SEGLOOP_FIELD(int64_t, "network.levels", network.levels, settingRange(1, 8))
            .describe("resolution levels of the U-Net", kNetwork)
            .cli("levels", "N"),
        SEGLOOP_FIELD(double, "network.dropout", network.dropout, settingBelow(0, 1))
            .describe("dropout before the last convolution (also MC-dropout's rate)", kNetwork),
        SEGLOOP_FIELD(int64_t, "sampler.patch_x", sampler.patchSize[0], settingRange(1, 4096))
            .describe("training patch along x (--patch XxYxZ sets all three)", kSampling)
            .in("voxels"),
        SEGLOOP_FIELD(int64_t, "sampler.patch_y", sampler.patchSize[1], settingRange(1, 4096))
            .describe("training patch along y", kSampling)
            .in("voxels"),
        SEGLOOP_FIELD(int64_t, "sampler.patch_z", sampler.patchSize[2], settingRange(1, 4096))
            .describe("training patch along z", kSampling)
            .in("voxels"),
        SEGLOOP_FIELD(double, "sampler.foreground_probability", sampler.foregroundProbability,
                      fraction)
            .describe("share of labelled patches centred on a labelled voxel", kSampling),
        SEGLOOP_FIELD(bool, "sampler.flips", sampler.flips, anySetting())
            .describe("random flips of the patches", kSampling),
        SEGLOOP_FIELD(bool, "sampler.rotations", sampler.rotations, anySetting())
            .describe("random right-angle rotations of the patches", kSampling),
        SEGLOOP_FIELD(double, "sampler.intensity_scale", sampler.intensityScale, settingBelow(0, 1))
            .describe("random contrast: 1 + U(-a, a)", kSampling),
        SEGLOOP_FIELD(double, "sampler.intensity_shift", sampler.intensityShift,
                      settingRange(0, 1e3))
            .describe("random brightness: U(-a, a), normalised units", kSampling),
        SEGLOOP_FIELD(double, "sampler.noise_std", sampler.noiseStd, settingRange(0, 1e3))
            .describe("Gaussian voxel noise, normalised units", kSampling),
        SEGLOOP_FIELD(size_t, "sampler.cache_bytes", sampler.cacheBytes, anySetting())
            .describe("memory for decoded volumes", kSampling)
            .in("bytes"),
        SEGLOOP_FIELD(std::string, "normalisation.mode", normalisation.mode,
                      settingChoices({"zscore", "window"}))
            .describe("z-score between percentiles, or a fixed window (CT)", kNormalisation),
        SEGLOOP_FIELD(double, "normalisation.lower_percentile", normalisation.lowerPercentile,
                      settingRange(0, 100))
            .describe("zscore: clip below this percentile", kNormalisation),
        SEGLOOP_FIELD(double, "normalisation.upper_percentile", normalisation.upperPercentile,
                      settingRange(0, 100))
            .describe("zscore: clip above this percentile", kNormalisation),
        SEGLOOP_FIELD(double, "normalisation.window_low", normalisation.windowLow, anySetting())
            .describe("window: the lowest intensity kept", kNormalisation),
        SEGLOOP_FIELD(double, "normalisation.window_high", normalisation.windowHigh, anySetting())
            .describe("window: the highest intensity kept", kNormalisation),
        SEGLOOP_FIELD(double, "methods.supervised_ce_weight", methodSettings.supervisedCeWeight,
                      weight)
            .describe("weight of the supervised cross-entropy", kLosses),
        SEGLOOP_FIELD(double, "methods.supervised_dice_weight", methodSettings.supervisedDiceWeight,
                      weight)
            .describe("weight of the supervised soft Dice", kLosses),
        SEGLOOP_FIELD(double, "methods.dice_smooth", methodSettings.diceSmooth, weight)
            .describe("soft Dice smoothing", kLosses),
        SEGLOOP_FIELD(bool, "methods.dice_include_background", methodSettings.diceIncludeBackground,
                      anySetting())
            .describe("the background counts in the Dice mean", kLosses),
        SEGLOOP_FIELD(double, "methods.ramp_up_fraction", methodSettings.rampUpFraction, fraction)
            .describe("share of the run over which the unlabelled weight ramps up", kLosses),
        SEGLOOP_FIELD(double, "methods.teacher_noise_std", methodSettings.teacherNoiseStd, weight)
            .describe("Gaussian noise on the teacher's input", kLosses),
        SEGLOOP_FIELD(double, "methods.teacher_noise_clip", methodSettings.teacherNoiseClip, weight)
            .describe("clip of the teacher's input noise", kLosses),
        SEGLOOP_FIELD(double, "methods.ema_max_decay", methodSettings.emaMaxDecay, fraction)
            .describe("upper bound of the teacher's EMA decay", kLosses),
        SEGLOOP_FIELD(bool, "methods.teacher_flip_average", methodSettings.teacherFlipAverage,
                      anySetting())
            .describe("the teacher's pseudo-labels averaged over the 8 flips", kLosses),
        SEGLOOP_FIELD(double, "methods.strong_view_intensity", methodSettings.strongViewIntensity,
                      fraction)
            .describe("strong view: contrast and brightness range", kLosses),
        SEGLOOP_FIELD(double, "methods.strong_view_noise_std", methodSettings.strongViewNoiseStd,
                      settingRange(0, 1e3))
            .describe("strong view: Gaussian voxel noise", kLosses),
        SEGLOOP_FIELD(bool, "methods.strong_view_flips", methodSettings.strongViewFlips,
                      anySetting())
            .describe("strong view: random flips too", kLosses),
        SEGLOOP_FIELD(double, "methods.mean_teacher_weight", methodSettings.meanTeacherWeight,
                      weight)
            .describe("mean-teacher: the consistency weight's maximum", kLosses),
        SEGLOOP_FIELD(double, "methods.sgrs_weight", methodSettings.sgrsWeight, weight)
            .describe("the pseudo-label loss weight's maximum", kSgrs),
        SEGLOOP_FIELD(double, "methods.sgrs_tau", methodSettings.sgrsTau, settingRange(0, 0.5))
            .describe("ambiguity band (tau, 1 - tau) on the background probability", kSgrs),
        SEGLOOP_FIELD(double, "methods.sgrs_label_smoothing", methodSettings.sgrsLabelSmoothing,
                      fraction)
            .describe("label smoothing on the reliable divergent region", kSgrs),
        SEGLOOP_FIELD(double, "methods.sgrs_consistent_dice_smooth",
                      methodSettings.sgrsConsistentDiceSmooth, weight)
            .describe("soft Dice smoothing on the consistent region", kSgrs),
        SEGLOOP_FIELD(double, "methods.sgrs_divergent_dice_smooth",
                      methodSettings.sgrsDivergentDiceSmooth, weight)
            .describe("soft Dice smoothing on the divergent region", kSgrs),
        SEGLOOP_FIELD(double, "methods.sgrs_mix_alpha", methodSettings.sgrsMixAlpha,
                      settingRange(1e-3, 1e3))
            .describe("blend: the mix coefficient's Beta(a, a)", kSgrs),
        SEGLOOP_FIELD(double, "methods.sgrs_paste_fraction", methodSettings.sgrsPasteFraction,
                      settingRange(1e-3, 1))
            .describe("copy-paste: the pasted box's side as a share of the patch", kSgrs),
        SEGLOOP_FIELD(double, "methods.sgrs_pasted_supervised_weight",
                      methodSettings.sgrsPastedSupervisedWeight, weight)
            .describe("copy-paste: supervised weight on the labelled image's pasted part", kSgrs),
        SEGLOOP_FIELD(bool, "methods.sgrs_reference_supervised_dice",
                      methodSettings.sgrsReferenceSupervisedDice, anySetting())
            .describe("SGRS's own supervised Dice instead of the per-image soft Dice", kSgrs),
        SEGLOOP_FIELD(double, "methods.buarl_weight", methodSettings.buarlWeight, weight)
            .describe("the unlabelled loss weight's maximum", kBuarl),
        SEGLOOP_FIELD(double, "methods.buarl_uncertain_fraction",
                      methodSettings.buarlUncertainFraction, fraction)
            .describe("share of labelled voxels with the highest teacher entropy", kBuarl),
        SEGLOOP_FIELD(double, "methods.buarl_url_weight", methodSettings.buarlUrlWeight, weight)
            .describe("weight of the uncertain-region loss", kBuarl),
        SEGLOOP_FIELD(double, "methods.buarl_confident_threshold",
                      methodSettings.buarlConfidentThreshold, fraction)
            .describe("unlabelled voxels below this normalised entropy are learnt", kBuarl),
        SEGLOOP_FIELD(bool, "methods.buarl_unlabelled_dice", methodSettings.buarlUnlabelledDice,
                      anySetting())
            .describe("the unlabelled loss adds a masked soft Dice to its cross-entropy", kBuarl),
        SEGLOOP_FIELD(int64_t, "methods.reference_max_per_class",
                      methodSettings.referenceMaxPerClass, settingRange(1, 1e9))
            .describe("reference voxels per class drawn each step", kReference),
        SEGLOOP_FIELD(int64_t, "methods.reference_chunk_size", methodSettings.referenceChunkSize,
                      settingRange(1, 1e9))
            .describe("query voxels per similarity chunk (memory)", kReference),
        SEGLOOP_FIELD(double, "methods.quality_regularisation_weight",
                      methodSettings.qualityRegularisationWeight, weight)
            .describe("weight of the quality regulariser's maximum", kQuality),
        SEGLOOP_FIELD(double, "methods.quality_regularisation_start",
                      methodSettings.qualityRegularisationStart, fraction)
            .describe("share of the run before the regulariser starts", kQuality),
        SEGLOOP_FIELD(double, "methods.quality_regularisation_ramp_length",
                      methodSettings.qualityRegularisationRampLength, fraction)
            .describe("share of the run over which it ramps up", kQuality),
        SEGLOOP_FIELD(double, "methods.quality_weight_temperature",
                      methodSettings.qualityWeightTemperature, settingRange(0, 1e3))
            .describe("pseudo-label weight = quality ^ temperature", kQuality),
        SEGLOOP_FIELD(double, "methods.quality_weight_threshold",
                      methodSettings.qualityWeightThreshold, fraction)
            .describe("pseudo-labels of lower predicted quality weigh 0", kQuality),
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
    if (!field)
        throw Error("training settings", "no setting '" + key + "'");
    return field->choices;
}

void checkTrainingSettings(const TrainingSettings& settings, const std::string& source) {
    checkSettingsOf(trainingSettingFields(), settings, source);
}

}  // namespace segloop
