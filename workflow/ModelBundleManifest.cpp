#include "workflow/ModelBundleManifest.h"

#include <nlohmann/json.hpp>

#include <array>
#include <limits>
#include <optional>

#include "core/Error.h"
#include "learning/settings/SettingsSchema.h"

namespace segloop {
namespace {

using Json = nlohmann::ordered_json;

/// "#RRGGBB" -> RGB; nullopt when malformed.
std::optional<std::array<uint8_t, 3>> colourFromHex(const std::string& text) {
    if (text.size() != 7 || text[0] != '#')
        return std::nullopt;
    std::array<uint8_t, 3> rgb{};
    for (size_t c = 0; c < 3; ++c) {
        const std::string pair = text.substr(1 + 2 * c, 2);
        if (pair.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
            return std::nullopt;
        rgb[c] = uint8_t(std::stoi(pair, nullptr, 16));
    }
    return rgb;
}

/// `object[key]` when it is a whole number in [low, high], `fallback` when the key is absent,
/// nullopt otherwise. Never converts a fractional or out-of-range number: nlohmann's get<> of
/// 1.234e59 as an integer is undefined behaviour (found by fuzz_bundle_manifest).
std::optional<int64_t> wholeNumber(const Json& object, const char* key, int64_t fallback,
                                   int64_t low, int64_t high) {
    if (!object.contains(key))
        return fallback;
    const Json& value = object[key];
    if (value.is_number_unsigned()) {
        const uint64_t number = value.get<uint64_t>();
        if (number > uint64_t(high) || int64_t(number) < low)
            return std::nullopt;
        return int64_t(number);
    }
    if (!value.is_number_integer())
        return std::nullopt;
    const int64_t number = value.get<int64_t>();
    if (number < low || number > high)
        return std::nullopt;
    return number;
}

/// Every field of the settings table as "key": "value" (the text form's values), in its order.
Json settingsObject(const TrainingSettings& settings) {
    Json object = Json::object();
    for (const SettingField& field : trainingSettingFields())
        object[field.key] = field.get(settings);
    return object;
}

/// `object[key]`, which must be of the given kind; Error naming the bundle otherwise.
const Json& field(const Json& object, const std::string& key, Json::value_t kind,
                  const std::string& source) {
    const auto found = object.find(key);
    const bool numberWanted = kind == Json::value_t::number_integer;
    if (found == object.end() ||
        (numberWanted ? !found->is_number_integer() : found->type() != kind)) {
        throw Error(source, "its manifest.json lacks a valid \"" + key + "\"");
    }
    return *found;
}

}  // namespace

std::string manifestToJson(const ModelBundleManifest& manifest) {
    const TrainingSettings& settings = manifest.settings;
    const NetworkConfig& network = settings.network;
    const NormalisationSettings& normalisation = settings.normalisation;
    Json json;
    json["format"] = kModelBundleFormat;
    json["format_version"] = manifest.formatVersion;
    json["segloop_version"] = manifest.segloopVersion;
    json["created_at"] = manifest.createdAt;
    json["model"] = {{"name", manifest.modelName},
                     {"version", manifest.modelVersion},
                     {"method", settings.method}};
    json["network"] = {{"architecture", network.architecture},
                       {"input_channels", network.inputChannels},
                       {"classes", network.classes},
                       {"base_channels", network.baseChannels},
                       {"levels", network.levels},
                       {"dropout", network.dropout}};
    Json classes = Json::array();
    classes.push_back({{"index", 0}, {"name", "background"}});
    for (const LabelClass& labelClass : manifest.classes) {
        classes.push_back({{"index", labelClass.index},
                           {"name", labelClass.name},
                           {"colour", colourHex(labelClass.colourRgb)}});
    }
    json["classes"] = classes;
    json["intensity_normalisation"] = {{"mode", normalisation.mode},
                                       {"lower_percentile", normalisation.lowerPercentile},
                                       {"upper_percentile", normalisation.upperPercentile},
                                       {"window_low", normalisation.windowLow},
                                       {"window_high", normalisation.windowHigh}};
    const auto& patch = settings.sampler.patchSize;
    json["patch_size_xyz"] = {patch[0], patch[1], patch[2]};
    json["target_spacing_mm"] = nullptr;  // the engine predicts on each image's own grid
    json["inference"] = {{"input", "float32 [B, C, Z, Y, X], intensities normalised"},
                         {"output", "logits [B, K, Z, Y, X]; softmax over K, argmax = class"},
                         {"sliding_window_overlap", 0.5},
                         {"window_weighting", "gaussian, sigma 1/8 of the patch per axis"}};
    json["method"] = {{"name", settings.method}, {"settings", settingsObject(settings)}};
    json["training_data"] = Json::parse(manifest.trainingDataJson);
    json["validation_metrics"] = Json::parse(manifest.validationMetricsJson);
    Json members = Json::object();
    for (const auto& [name, member] : manifest.members)
        members[name] = {{"sha256", member.sha256}, {"bytes", member.bytes}};
    json["members"] = members;
    return json.dump(2) + "\n";
}

namespace {

ModelBundleManifest readManifest(const Json& json, const std::string& source) {
    if (!json.is_object() || json.value("format", "") != kModelBundleFormat)
        throw Error(source, std::string("is not a SegLoop model bundle (format is not \"") +
                                kModelBundleFormat + "\")");
    ModelBundleManifest manifest;
    manifest.formatVersion =
        field(json, "format_version", Json::value_t::number_integer, source).get<int>();
    const std::string writer = json.value("segloop_version", "an unknown SegLoop");
    if (manifest.formatVersion > kModelBundleFormatVersion) {
        throw Error(source, "is a model bundle of format version " +
                                std::to_string(manifest.formatVersion) + " (written by SegLoop " +
                                writer + "); this SegLoop reads up to version " +
                                std::to_string(kModelBundleFormatVersion) + ": update SegLoop");
    }
    if (manifest.formatVersion < 1)
        throw Error(source,
                    "has an invalid format version " + std::to_string(manifest.formatVersion));
    manifest.segloopVersion = writer;
    manifest.createdAt = json.value("created_at", "");
    const Json& model = field(json, "model", Json::value_t::object, source);
    manifest.modelName = model.value("name", "segmentation");
    const std::optional<int64_t> version =
        wholeNumber(model, "version", 0, 0, std::numeric_limits<int64_t>::max());
    if (!version)
        throw Error(source, "its manifest.json has a malformed model version");
    manifest.modelVersion = *version;
    const Json& method = field(json, "method", Json::value_t::object, source);
    for (const auto& [key, value] :
         field(method, "settings", Json::value_t::object, source).items()) {
        if (!value.is_string())
            throw Error(source, "its manifest.json has a non-text setting \"" + key + "\"");
        assignSettingText(trainingSettingFields(), manifest.settings, key, value.get<std::string>(),
                          source + " (manifest.json)");
    }
    for (const Json& entry : field(json, "classes", Json::value_t::array, source)) {
        const int64_t index =
            entry.is_object() ? wholeNumber(entry, "index", -1, 0, 65535).value_or(-1) : -1;
        if (index == 0)
            continue;  // background
        const auto colour = colourFromHex(entry.is_object() ? entry.value("colour", "") : "");
        if (index < 1 || !colour)
            throw Error(source, "its manifest.json has a malformed class entry");
        manifest.classes.push_back({uint16_t(index), entry.value("name", ""), *colour});
    }
    if (int64_t(manifest.classes.size()) != manifest.settings.network.classes - 1) {
        throw Error(source, "its manifest.json lists " + std::to_string(manifest.classes.size()) +
                                " foreground classes for a network of " +
                                std::to_string(manifest.settings.network.classes) +
                                " classes (background included)");
    }
    manifest.trainingDataJson = json.value("training_data", Json::object()).dump();
    manifest.validationMetricsJson = json.value("validation_metrics", Json::object()).dump();
    for (const auto& [name, member] :
         field(json, "members", Json::value_t::object, source).items()) {
        if (!member.is_object() || !member.contains("sha256") || !member["sha256"].is_string())
            throw Error(source, "its manifest.json has no SHA-256 for member " + name);
        const std::optional<int64_t> bytes =
            wholeNumber(member, "bytes", 0, 0, std::numeric_limits<int64_t>::max());
        if (!bytes)
            throw Error(source, "its manifest.json has a malformed size for member " + name);
        manifest.members[name] = {member["sha256"].get<std::string>(), uint64_t(*bytes)};
    }
    return manifest;
}

}  // namespace

ModelBundleManifest manifestFromJson(const std::string& text, const std::string& source) {
    try {
        return readManifest(Json::parse(text), source);
    } catch (const Json::exception& error) {
        throw Error(source, std::string("its manifest.json is malformed (") + error.what() + ")");
    }
}

}  // namespace segloop
