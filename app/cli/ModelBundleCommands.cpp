// `export-model`, `import-model` and `predict --model BUNDLE INPUT... --out FOLDER`: models that
// leave the project (docs/model-bundle.md).
#include <cstdio>
#include <optional>
#include <string>

#include "app/cli/Commands.h"
#include "app/cli/TerminalProgress.h"
#include "storage/Project.h"
#include "workflow/BundlePrediction.h"
#include "workflow/ModelBundle.h"
#include "workflow/ModelBundleImport.h"

namespace segloop::cli {
namespace {

/// "unet3d, 3 classes, base 16, 4 levels, patch 32x48x32".
std::string describeNetwork(const TrainingSettings& settings) {
    const NetworkConfig& network = settings.network;
    const auto& patch = settings.sampler.patchSize;
    char text[160];
    std::snprintf(text, sizeof text,
                  "%s, %lld classes, base %lld, %lld levels, patch %lldx%lldx%lld",
                  network.architecture.c_str(), static_cast<long long>(network.classes),
                  static_cast<long long>(network.baseChannels),
                  static_cast<long long>(network.levels), static_cast<long long>(patch[0]),
                  static_cast<long long>(patch[1]), static_cast<long long>(patch[2]));
    return text;
}

int runExportModel(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    std::optional<int64_t> modelId;
    if (arguments.has("model"))
        modelId = arguments.intValue("model", 0);
    TerminalProgress progress;
    const ModelBundleExportReport report =
        exportModelBundle(project, modelId, arguments.positional[1], &progress);
    progress.finish();
    std::printf(
        "Exported model %lld (%s, %s) to %s (%llu bytes): weights, TorchScript, "
        "manifest\n",
        static_cast<long long>(report.modelId), report.manifest.settings.method.c_str(),
        describeNetwork(report.manifest.settings).c_str(), report.path.c_str(),
        static_cast<unsigned long long>(report.bytes));
    return kExitOk;
}

int runImportModel(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    const ModelImportReport report = importModelBundle(project, arguments.positional[1]);
    std::printf("Imported model %lld (%s, %s; from SegLoop %s) into %s\n",
                static_cast<long long>(report.modelId), report.manifest.settings.method.c_str(),
                describeNetwork(report.manifest.settings).c_str(),
                report.manifest.segloopVersion.c_str(), report.folder.c_str());
    for (const std::string& note : report.notes)
        std::printf("Note: %s\n", note.c_str());
    return kExitOk;
}

}  // namespace

int runPredictFiles(const ParsedArguments& arguments) {
    for (const char* projectOnly : {"all", "no-regions", "no-score"}) {
        if (arguments.has(projectOnly))
            throw UsageError{std::string("--") + projectOnly +
                             " applies to predict PROJECT, "
                             "not to labelling files with --out"};
    }
    if (!arguments.has("model"))
        throw UsageError{"--out labels files without a project: it needs --model BUNDLE"};
    BundlePredictionRequest request;
    request.bundlePath = arguments.value("model");
    if (!looksLikeModelBundle(request.bundlePath)) {
        throw UsageError{"--model " + request.bundlePath +
                         " is not a model bundle file (export one with segloop-cli "
                         "export-model); a project's model id goes with predict PROJECT"};
    }
    request.inputs = arguments.positional;
    request.outputFolder = arguments.value("out");
    request.uncertainty = arguments.has("uncertainty");
    request.device = arguments.value("device", "auto");
    TerminalProgress progress;
    const BundlePredictionReport report = predictWithBundle(request, &progress);
    progress.finish();
    size_t segs = 0;
    for (const BundlePredictionOutput& output : report.outputs) {
        segs += output.dicomSeg.empty() ? 0 : 1;
        if (!output.note.empty())
            std::printf("%s: %s\n", output.input.c_str(), output.note.c_str());
    }
    std::printf(
        "Labelled %zu images with model %s %lld (%s): %zu NIfTI label maps, %zu DICOM "
        "SEGs%s in %s (predictions.csv)\n",
        report.outputs.size(), report.manifest.modelName.c_str(),
        static_cast<long long>(report.manifest.modelVersion),
        report.manifest.settings.method.c_str(), report.outputs.size(), segs,
        request.uncertainty ? ", uncertainty maps" : "", request.outputFolder.c_str());
    return kExitOk;
}

Command exportModelCommand() {
    return {{"export-model",
             "Write a model as a bundle that runs without the project.",
             "PROJECT OUT.segloop-model",
             "One zip file: weights.pt (the network, a LibTorch checkpoint), model.torchscript.pt\n"
             "(the same network traced with TorchScript, for tools outside SegLoop: logits from\n"
             "normalised [B,1,Z,Y,X] input) and manifest.json (network, classes and colours,\n"
             "intensity normalisation, patch size, method and settings, training data counts,\n"
             "validation metrics, SegLoop version, each member's SHA-256). No patient data.\n"
             "Run it with `segloop-cli predict --model OUT.segloop-model INPUT... --out FOLDER`;\n"
             "add it to a project with import-model. Format: docs/model-bundle.md.",
             2,
             2,
             {{"model", "ID", "the segmentation model to export (default: the newest)"}}},
            runExportModel};
}

Command importModelCommand() {
    return {{"import-model",
             "Add a model bundle to a project as a model.",
             "PROJECT BUNDLE",
             "Checks the bundle (format version, every member's SHA-256), copies it to\n"
             "data/models/imported-N/ and records a segmentation model: `predict PROJECT` uses\n"
             "it (the newest model) and `train --init ID` fine-tunes from it. The bundle's\n"
             "network must predict as many classes as the project has.",
             2,
             2,
             {}},
            runImportModel};
}

}  // namespace segloop::cli
