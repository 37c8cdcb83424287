#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "learning/settings/TrainingSettings.h"
#include "storage/LabelSetRepository.h"

namespace segloop {

/// The manifest's format name and the newest format version this build reads and writes.
inline constexpr const char* kModelBundleFormat = "segloop-model";
inline constexpr int kModelBundleFormatVersion = 1;

/// The members of a model bundle (a zip file, docs/model-bundle.md).
inline constexpr const char* kBundleManifestMember = "manifest.json";
inline constexpr const char* kBundleWeightsMember = "weights.pt";
inline constexpr const char* kBundleTorchScriptMember = "model.torchscript.pt";

/// What a model bundle's manifest.json says, as values (docs/model-bundle.md has the JSON).
/// No patient data: names of classes, settings, counts and metrics only. A plain value.
struct ModelBundleManifest {
    int formatVersion = kModelBundleFormatVersion;
    std::string segloopVersion;
    std::string createdAt;  ///< when the bundle was written (ISO 8601 UTC)
    std::string modelName;  ///< the project's model name ("segmentation")
    int64_t modelVersion = 0;
    /// Network, intensity normalisation, patch size, method and its settings: what training
    /// used (settingsToText keys), the quality-guided predictor's path left out.
    TrainingSettings settings;
    /// The foreground classes the network predicts, 1 .. classes-1 (0 is background).
    std::vector<LabelClass> classes;
    std::string trainingDataJson = "{}";       ///< counts only (ModelBundle.cpp)
    std::string validationMetricsJson = "{}";  ///< the models table's metrics_json
    /// SHA-256 (lower-case hex) and size of every member but manifest.json.
    struct Member {
        std::string sha256;
        uint64_t bytes = 0;
    };
    std::map<std::string, Member> members;
};

/// The manifest as JSON text (two-space indented, keys in a fixed order).
std::string manifestToJson(const ModelBundleManifest& manifest);

/// Parses a manifest and checks what a reader must: the format name, a format version this
/// build reads (a newer one is refused: "written by a newer SegLoop ... update SegLoop"), the
/// fields it needs and their types, a class list that matches the network. Throws Error
/// naming `source` (the bundle) otherwise.
ModelBundleManifest manifestFromJson(const std::string& json, const std::string& source);

}  // namespace segloop
