#include <sstream>
#include <vector>

#include "core/Error.h"
#include "core/learning/quality/QualitySettings.h"
#include "core/settings/SettingFields.h"

namespace segloop {
namespace {

#define SEGLOOP_QUALITY_FIELD(type, key, path, rule) \
    settingField<QualitySettings, type>(key, [](QualitySettings& s) -> type& { return s.path; }, \
                                        rule)

/// The quality predictor's stored settings and what each may hold (the cross-field rule, crop
/// sizes that are multiples of 2^(levels-1), is validateQualitySettings').
const std::vector<SettingFieldOf<QualitySettings>>& qualityFields() {
    static const std::vector<SettingFieldOf<QualitySettings>> all = {
        SEGLOOP_QUALITY_FIELD(int64_t, "classes", classes, settingRange(2, 1000)),
        SEGLOOP_QUALITY_FIELD(int64_t, "crop_x", cropSize[0], settingRange(1, 4096)),
        SEGLOOP_QUALITY_FIELD(int64_t, "crop_y", cropSize[1], settingRange(1, 4096)),
        SEGLOOP_QUALITY_FIELD(int64_t, "crop_z", cropSize[2], settingRange(1, 4096)),
        SEGLOOP_QUALITY_FIELD(int64_t, "base_channels", baseChannels, settingRange(1, 1024)),
        // Bounded before validateQualitySettings shifts by it (levels 5e16 was undefined
        // behaviour): 2^15 voxels is already more than any crop.
        SEGLOOP_QUALITY_FIELD(int64_t, "levels", levels, settingRange(1, 16)),
        SEGLOOP_QUALITY_FIELD(int64_t, "hidden_units", hiddenUnits, settingRange(1, 65536)),
        SEGLOOP_QUALITY_FIELD(double, "dropout", dropout, settingBelow(0, 1)),
        SEGLOOP_QUALITY_FIELD(int64_t, "iterations", iterations, settingRange(0, 1e9)),
        // At least 2: the ranking term compares pairs.
        SEGLOOP_QUALITY_FIELD(int64_t, "batch_size", batchSize, settingRange(2, 4096)),
        SEGLOOP_QUALITY_FIELD(double, "learning_rate", learningRate, settingRange(1e-9, 10)),
        SEGLOOP_QUALITY_FIELD(double, "weight_decay", weightDecay, settingRange(0, 1)),
        SEGLOOP_QUALITY_FIELD(double, "smooth_l1_beta", smoothL1Beta, settingRange(1e-9, 1e6)),
        SEGLOOP_QUALITY_FIELD(double, "ranking_weight", rankingWeight, settingRange(0, 1e6)),
        SEGLOOP_QUALITY_FIELD(double, "ranking_margin", rankingMargin, settingRange(0, 1)),
        SEGLOOP_QUALITY_FIELD(double, "ranking_min_gap", rankingMinGap, settingRange(0, 1)),
        SEGLOOP_QUALITY_FIELD(double, "real_mask_probability", realMaskProbability,
                              settingRange(0, 1)),
        SEGLOOP_QUALITY_FIELD(bool, "flips", flips, anySetting()),
        SEGLOOP_QUALITY_FIELD(uint64_t, "seed", seed, anySetting()),
        SEGLOOP_QUALITY_FIELD(std::string, "device", device,
                              settingChoices({"auto", "cpu", "cuda"})),
        SEGLOOP_QUALITY_FIELD(int, "threads", threads, settingRange(0, 4096)),
        SEGLOOP_QUALITY_FIELD(size_t, "cache_bytes", cacheBytes, anySetting()),
        SEGLOOP_QUALITY_FIELD(std::string, "normalisation.mode", normalisation.mode,
                              settingChoices({"zscore", "window"})),
        SEGLOOP_QUALITY_FIELD(double, "normalisation.lower_percentile",
                              normalisation.lowerPercentile, settingRange(0, 100)),
        SEGLOOP_QUALITY_FIELD(double, "normalisation.upper_percentile",
                              normalisation.upperPercentile, settingRange(0, 100)),
        SEGLOOP_QUALITY_FIELD(double, "normalisation.window_low", normalisation.windowLow,
                              anySetting()),
        SEGLOOP_QUALITY_FIELD(double, "normalisation.window_high", normalisation.windowHigh,
                              anySetting()),
    };
    return all;
}

std::string trim(const std::string& text) {
    const size_t first = text.find_first_not_of(" \t\r");
    const size_t last = text.find_last_not_of(" \t\r");
    return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

}  // namespace

void validateQualitySettings(const QualitySettings& s) {
    checkSettingsOf(qualityFields(), s, "quality settings");
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
    return settingsTextOf(qualityFields(), settings);
}

QualitySettings qualitySettingsFromText(const std::string& text, const std::string& source) {
    QualitySettings settings;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (trim(line).empty()) {
            continue;
        }
        const size_t equals = line.find('=');
        const std::string key = trim(line.substr(0, equals));
        const std::string value = equals == std::string::npos ? "" : trim(line.substr(equals + 1));
        assignSettingText(qualityFields(), settings, key, value, source);
    }
    return settings;
}

}  // namespace segloop
