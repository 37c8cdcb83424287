#include <vector>

#include "core/Error.h"
#include "learning/quality/QualitySettings.h"

namespace segloop {
namespace {

#define SEGLOOP_QUALITY_FIELD(type, key, path, rule) \
    settingField<QualitySettings, type>(             \
        key, [](QualitySettings& s) -> type& { return s.path; }, rule)

const char* const kInput = "Input";
const char* const kNetwork = "Network";
const char* const kSchedule = "Schedule";
const char* const kDevice = "Device";
const char* const kNormalisation = "Normalisation";

}  // namespace

/// The quality predictor's stored settings and what each may hold (the cross-field rule, crop
/// sizes that are multiples of 2^(levels-1), is validateQualitySettings').
const std::vector<SettingFieldOf<QualitySettings>>& qualitySettingFields() {
    static const std::vector<SettingFieldOf<QualitySettings>> all = {
        SEGLOOP_QUALITY_FIELD(int64_t, "classes", classes, settingRange(2, 1000))
            .describe("classes with the background (from the project)", kInput)
            .show(SettingShown::Hidden),
        SEGLOOP_QUALITY_FIELD(int64_t, "crop_x", cropSize[0], settingRange(1, 4096))
            .describe("network input along x (--crop XxYxZ sets all three)", kInput)
            .in("voxels"),
        SEGLOOP_QUALITY_FIELD(int64_t, "crop_y", cropSize[1], settingRange(1, 4096))
            .describe("network input along y", kInput)
            .in("voxels"),
        SEGLOOP_QUALITY_FIELD(int64_t, "crop_z", cropSize[2], settingRange(1, 4096))
            .describe("network input along z", kInput)
            .in("voxels"),
        SEGLOOP_QUALITY_FIELD(int64_t, "base_channels", baseChannels, settingRange(1, 1024))
            .describe("channels of the first level", kNetwork)
            .cli("base-channels", "N"),
        // Bounded before validateQualitySettings shifts by it (levels 5e16 was undefined
        // behaviour): 2^15 voxels is already more than any crop.
        SEGLOOP_QUALITY_FIELD(int64_t, "levels", levels, settingRange(1, 16))
            .describe("resolution levels of the encoder", kNetwork),
        SEGLOOP_QUALITY_FIELD(int64_t, "hidden_units", hiddenUnits, settingRange(1, 65536))
            .describe("units of the regression head", kNetwork),
        SEGLOOP_QUALITY_FIELD(double, "dropout", dropout, settingBelow(0, 1))
            .describe("dropout of the regression head", kNetwork),
        SEGLOOP_QUALITY_FIELD(int64_t, "iterations", iterations, settingRange(0, 1e9))
            .describe("training steps", kSchedule)
            .in("steps")
            .cli("iterations", "N"),
        // At least 2: the ranking term compares pairs.
        SEGLOOP_QUALITY_FIELD(int64_t, "batch_size", batchSize, settingRange(2, 4096))
            .describe("masks per step, at least 2 (the ranking term compares pairs)", kSchedule)
            .cli("batch", "N"),
        SEGLOOP_QUALITY_FIELD(double, "learning_rate", learningRate, settingRange(1e-9, 10))
            .describe("AdamW learning rate", kSchedule)
            .cli("learning-rate", "RATE"),
        SEGLOOP_QUALITY_FIELD(double, "weight_decay", weightDecay, settingRange(0, 1))
            .describe("AdamW weight decay", kSchedule),
        SEGLOOP_QUALITY_FIELD(double, "smooth_l1_beta", smoothL1Beta, settingRange(1e-9, 1e6))
            .describe("beta of the smooth L1 regression loss", kSchedule),
        SEGLOOP_QUALITY_FIELD(double, "ranking_weight", rankingWeight, settingRange(0, 1e6))
            .describe("weight of the pairwise ranking loss", kSchedule),
        SEGLOOP_QUALITY_FIELD(double, "ranking_margin", rankingMargin, settingRange(0, 1))
            .describe("margin of the pairwise ranking loss", kSchedule),
        SEGLOOP_QUALITY_FIELD(double, "ranking_min_gap", rankingMinGap, settingRange(0, 1))
            .describe("pairs closer than this in true Dice are not ranked", kSchedule),
        SEGLOOP_QUALITY_FIELD(double, "real_mask_probability", realMaskProbability,
                              settingRange(0, 1))
            .describe("share of masks drawn from real model outputs", kSchedule),
        SEGLOOP_QUALITY_FIELD(bool, "flips", flips, anySetting())
            .describe("random flips of the crops", kSchedule),
        SEGLOOP_QUALITY_FIELD(uint64_t, "seed", seed, anySetting())
            .describe("seed of the split, the masks and the weights", kSchedule)
            .cli("seed", "N"),
        SEGLOOP_QUALITY_FIELD(std::string, "device", device,
                              settingChoices({"auto", "cpu", "cuda"}))
            .describe("where to train (auto: CUDA when there is one)", kDevice)
            .cli("device", "DEVICE"),
        SEGLOOP_QUALITY_FIELD(int, "threads", threads, settingRange(0, 4096))
            .describe("CPU threads, 0 for all cores", kDevice)
            .cli("threads", "N"),
        SEGLOOP_QUALITY_FIELD(size_t, "cache_bytes", cacheBytes, anySetting())
            .describe("memory for decoded volumes", kDevice)
            .in("bytes"),
        SEGLOOP_QUALITY_FIELD(std::string, "normalisation.mode", normalisation.mode,
                              settingChoices({"zscore", "window"}))
            .describe("z-score between percentiles, or a fixed window (CT)", kNormalisation),
        SEGLOOP_QUALITY_FIELD(double, "normalisation.lower_percentile",
                              normalisation.lowerPercentile, settingRange(0, 100))
            .describe("zscore: clip below this percentile", kNormalisation),
        SEGLOOP_QUALITY_FIELD(double, "normalisation.upper_percentile",
                              normalisation.upperPercentile, settingRange(0, 100))
            .describe("zscore: clip above this percentile", kNormalisation),
        SEGLOOP_QUALITY_FIELD(double, "normalisation.window_low", normalisation.windowLow,
                              anySetting())
            .describe("window: the lowest intensity kept", kNormalisation),
        SEGLOOP_QUALITY_FIELD(double, "normalisation.window_high", normalisation.windowHigh,
                              anySetting())
            .describe("window: the highest intensity kept", kNormalisation),
    };
    return all;
}

void validateQualitySettings(const QualitySettings& s) {
    checkSettingsOf(qualitySettingFields(), s, "quality settings");
    const int64_t divisor = int64_t(1) << (s.levels - 1);
    for (int64_t size : s.cropSize) {
        if (size < divisor || size % divisor != 0) {
            throw Error("quality settings",
                        "every crop size must be a positive multiple of 2^(levels-1) = " +
                            std::to_string(divisor));
        }
    }
}

std::string qualitySettingsToText(const QualitySettings& settings) {
    return settingsTextOf(qualitySettingFields(), settings);
}

QualitySettings qualitySettingsFromText(const std::string& text, const std::string& source) {
    QualitySettings settings;
    readSettingsTextOf(qualitySettingFields(), settings, text, source);
    return settings;
}

}  // namespace segloop
