#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workflow/ModelBundleManifest.h"

namespace segloop {

class Project;

/// What importModelBundle() did.
struct ModelImportReport {
    int64_t modelId = 0;
    std::string folder;  ///< relative to the project: data/models/imported-N
    ModelBundleManifest manifest;
    /// What the user should know: classes named differently in the bundle and the project.
    std::vector<std::string> notes;
};

/// Adds a model bundle to a project as a segmentation model (`segloop-cli import-model`): the
/// bundle is read and checked (readModelBundle), its members are copied to
/// data/models/imported-N/ (N the first free number) and a model record "segmentation" (the
/// bundle's method, its validation metrics) points at imported-N/weights.pt, so `predict`
/// uses it (it is the newest) and `train --init ID` fine-tunes from it. Refused with an Error,
/// nothing changed, when the bundle's network predicts another number of classes than the
/// project has. Records "import model" in the audit log with the weights' SHA-256 and the
/// bundle's versions. The calling thread owns `project`.
ModelImportReport importModelBundle(Project& project, const std::string& bundlePath);

}  // namespace segloop
