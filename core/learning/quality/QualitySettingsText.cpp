#include <functional>
#include <sstream>
#include <vector>

#include "core/Error.h"
#include "core/learning/quality/QualitySettings.h"

namespace segloop {
namespace {

struct Field {
    const char* key;
    std::function<std::string(const QualitySettings&)> get;
    std::function<void(QualitySettings&, const std::string&)> set;
};

template <typename T>
Field field(const char* key, T QualitySettings::*member) {
    return {key,
            [member](const QualitySettings& s) {
                std::ostringstream out;
                out.precision(17);
                out << s.*member;
                return out.str();
            },
            [member](QualitySettings& s, const std::string& text) {
                if constexpr (std::is_same_v<T, std::string>) {
                    s.*member = text;
                } else {
                    std::istringstream in(text);
                    T value{};
                    in >> value;
                    if (in.fail() || !in.eof()) {
                        throw std::invalid_argument(text);
                    }
                    s.*member = value;
                }
            }};
}

Field cropField(const char* key, int axis) {
    return {key, [axis](const QualitySettings& s) { return std::to_string(s.cropSize[size_t(axis)]); },
            [axis](QualitySettings& s, const std::string& text) {
                s.cropSize[size_t(axis)] = std::stoll(text);
            }};
}

Field normalisationField(const char* key, double NormalisationSettings::*member) {
    return {key,
            [member](const QualitySettings& s) {
                std::ostringstream out;
                out.precision(17);
                out << s.normalisation.*member;
                return out.str();
            },
            [member](QualitySettings& s, const std::string& text) {
                s.normalisation.*member = std::stod(text);
            }};
}

const std::vector<Field>& fields() {
    static const std::vector<Field> all = {
        field("classes", &QualitySettings::classes),
        cropField("crop_x", 0),
        cropField("crop_y", 1),
        cropField("crop_z", 2),
        field("base_channels", &QualitySettings::baseChannels),
        field("levels", &QualitySettings::levels),
        field("hidden_units", &QualitySettings::hiddenUnits),
        field("dropout", &QualitySettings::dropout),
        field("iterations", &QualitySettings::iterations),
        field("batch_size", &QualitySettings::batchSize),
        field("learning_rate", &QualitySettings::learningRate),
        field("weight_decay", &QualitySettings::weightDecay),
        field("smooth_l1_beta", &QualitySettings::smoothL1Beta),
        field("ranking_weight", &QualitySettings::rankingWeight),
        field("ranking_margin", &QualitySettings::rankingMargin),
        field("ranking_min_gap", &QualitySettings::rankingMinGap),
        field("real_mask_probability", &QualitySettings::realMaskProbability),
        field("flips", &QualitySettings::flips),
        field("seed", &QualitySettings::seed),
        field("device", &QualitySettings::device),
        field("threads", &QualitySettings::threads),
        field("cache_bytes", &QualitySettings::cacheBytes),
        {"normalisation.mode", [](const QualitySettings& s) { return s.normalisation.mode; },
         [](QualitySettings& s, const std::string& text) { s.normalisation.mode = text; }},
        normalisationField("normalisation.lower_percentile", &NormalisationSettings::lowerPercentile),
        normalisationField("normalisation.upper_percentile", &NormalisationSettings::upperPercentile),
        normalisationField("normalisation.window_low", &NormalisationSettings::windowLow),
        normalisationField("normalisation.window_high", &NormalisationSettings::windowHigh),
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
    auto refuse = [](const std::string& what) { throw Error("quality settings", what); };
    if (s.classes < 2) refuse("classes must be at least 2 (background and one class)");
    if (s.levels < 1 || s.baseChannels < 1 || s.hiddenUnits < 1) refuse("levels, base_channels and hidden_units must be at least 1");
    // Bounded before the shift below (a levels of 5e16 was undefined behaviour): 2^15 voxels
    // is already more than any crop.
    if (s.levels > 16) refuse("levels must be at most 16");
    const int64_t divisor = int64_t(1) << (s.levels - 1);
    for (int64_t size : s.cropSize) {
        if (size < divisor || size % divisor != 0) {
            refuse("every crop size must be a positive multiple of 2^(levels-1) = " + std::to_string(divisor));
        }
    }
    if (s.dropout < 0 || s.dropout >= 1) refuse("dropout must be in [0, 1)");
    if (s.iterations < 0) refuse("iterations must not be negative");
    if (s.batchSize < 2) refuse("batch_size must be at least 2 (the ranking term compares pairs)");
    if (s.learningRate <= 0) refuse("learning_rate must be positive");
    if (s.rankingWeight < 0 || s.smoothL1Beta <= 0) refuse("ranking_weight must be >= 0 and smooth_l1_beta > 0");
    if (s.realMaskProbability < 0 || s.realMaskProbability > 1) refuse("real_mask_probability must be in [0, 1]");
}

std::string qualitySettingsToText(const QualitySettings& settings) {
    std::string text;
    for (const Field& f : fields()) {
        text += std::string(f.key) + " = " + f.get(settings) + "\n";
    }
    return text;
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
        bool known = false;
        for (const Field& f : fields()) {
            if (key == f.key) {
                known = true;
                try {
                    f.set(settings, value);
                } catch (const std::exception&) {
                    throw Error(source, "quality setting " + key + " has a bad value '" + value + "'");
                }
            }
        }
        if (!known) {
            throw Error(source, "unknown quality setting '" + key + "'");
        }
    }
    return settings;
}

}  // namespace segloop
