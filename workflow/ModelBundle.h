#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/jobs/Progress.h"
#include "workflow/ModelBundleManifest.h"

namespace segloop {

class Project;
class SegmentationModel;

/// A model bundle read and checked by readModelBundle(): its manifest and every member's bytes.
/// A plain value.
struct ModelBundle {
    std::string path;
    ModelBundleManifest manifest;
    std::map<std::string, std::string> members;  ///< by member name, manifest.json included
};

/// What exportModelBundle() wrote.
struct ModelBundleExportReport {
    int64_t modelId = 0;
    std::string path;
    ModelBundleManifest manifest;
    uint64_t bytes = 0;  ///< the bundle file's size
};

/// Writes a segmentation model of the project as a model bundle (docs/model-bundle.md): one
/// zip file at `outputPath` with weights.pt (the prediction network alone, a checkpoint
/// SegmentationModel::load reads), model.torchscript.pt (the same network traced for tools
/// outside SegLoop) and manifest.json (network, classes and colours, normalisation, patch,
/// method and settings, training data counts, validation metrics, version, each member's
/// SHA-256). `modelId` default: the newest segmentation model. No patient data goes in.
///
/// Progress "Exporting model" per member; cancel throws Cancelled and leaves nothing at
/// `outputPath`. LibTorch work on the calling thread, which owns `project`. Records "export
/// model" in the audit log. Throws Error for a model without weights or a quality predictor.
ModelBundleExportReport exportModelBundle(Project& project, std::optional<int64_t> modelId,
                                          const std::string& outputPath,
                                          Progress* progress = nullptr);

/// Reads and checks a bundle: a zip file holding manifest.json of format "segloop-model" and a
/// version this build reads (a newer one is refused, asking for a newer SegLoop), every member
/// listed there with a matching SHA-256, no member unlisted, weights.pt present. Throws Error
/// naming the path and what is wrong otherwise ("member weights.pt does not match its SHA-256
/// ...: the bundle was changed or damaged"). Any thread.
ModelBundle readModelBundle(const std::string& path);

/// The bundle's network, ready to predict on `device` ("auto", "cpu", "cuda"): its weights
/// written to a temporary folder, loaded, the folder removed. Throws Error when the weights'
/// network differs from the manifest's. LibTorch work on the calling thread.
std::shared_ptr<SegmentationModel> loadBundleModel(const ModelBundle& bundle,
                                                   const std::string& device = "auto");

/// Writes each member of `bundle` into `folder` (created when missing) under its member name.
void writeBundleMembers(const ModelBundle& bundle, const std::string& folder);

/// True when `path` is a regular file that begins as a zip file does (the CLI's `predict`
/// tells a bundle from a project's model id by it).
bool looksLikeModelBundle(const std::string& path);

}  // namespace segloop
