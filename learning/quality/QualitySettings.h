#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/settings/SettingFields.h"
#include "learning/data/NormalisationSettings.h"

namespace segloop {

/// Everything that defines a quality predictor and its training. Stored in its checkpoint as
/// `key = value` text (qualitySettingsToText). Defaults and their sources: docs/methods.md,
/// "Quality predictor".
struct QualitySettings {
    int64_t classes = 3;  ///< Of the masks, including background; the input has classes - 1
                          ///< mask channels (one-hot of each foreground class; background left
                          ///< out since it is their complement).
    std::array<int64_t, 3> cropSize{32, 48,
                                    32};  ///< x, y, z voxels; each a multiple of 2^(levels-1)
    int64_t baseChannels = 8;             ///< Channels of level 0, doubled per level.
    int64_t levels = 4;         ///< Level 0 at full resolution, then levels - 1 stride-2 levels.
    int64_t hiddenUnits = 128;  ///< Width of the MLP head.
    double dropout = 0.15;      ///< Head dropout p (p/2 before the last layer); QG-SSL run script.

    int64_t iterations = 1500;
    int64_t batchSize = 8;       ///< At least 2 (the ranking term needs pairs).
    double learningRate = 1e-3;  ///< Ours (QG-SSL: 3e-4 at batch 32 with a ResNet-18).
    double weightDecay = 5e-4;
    double smoothL1Beta = 1.0;         ///< Regression term: SmoothL1 (Huber) with this beta.
    double rankingWeight = 0.5;        ///< Weight of the pairwise ranking term.
    double rankingMargin = 0.02;       ///< Margin of the ranking hinge.
    double rankingMinGap = 0.05;       ///< Pairs whose true Dice differ less are not ranked.
    double realMaskProbability = 0.2;  ///< Take a real model output when the case has one.
    bool flips = true;                 ///< Random flips of image and mask along each axis.
    uint64_t seed = 1;

    std::string device = "auto";
    int threads = 0;
    size_t cacheBytes = size_t{256} << 20;
    NormalisationSettings normalisation;

    int64_t foregroundClasses() const { return classes - 1; }
    /// Network outputs: the Dice of each foreground class, then the overall Dice.
    int64_t outputs() const { return classes; }
    int64_t inputChannels() const { return classes; }  ///< image + classes - 1 mask channels
};

/// Throws segloop::Error naming the first invalid field.
void validateQualitySettings(const QualitySettings& settings);

/// Every stored field of QualitySettings (key, rule, help, CLI option), in the text's order:
/// the one table its text form, its checks and `train-quality`'s options come from.
const std::vector<SettingFieldOf<QualitySettings>>& qualitySettingFields();

/// QualitySettings as `key = value` lines and back (unknown keys refused naming `source`;
/// missing keys keep their defaults).
std::string qualitySettingsToText(const QualitySettings& settings);
QualitySettings qualitySettingsFromText(const std::string& text, const std::string& source);

}  // namespace segloop
