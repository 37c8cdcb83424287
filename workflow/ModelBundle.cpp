#include "workflow/ModelBundle.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/Error.h"
#include "core/hash/Sha256.h"
#include "core/io/PrivateFiles.h"
#include "core/io/SafeFileName.h"
#include "learning/inference/ModelExport.h"
#include "learning/inference/SegmentationModel.h"
#include "storage/Project.h"
#include "storage/Timestamp.h"
#include "workflow/BundleArchive.h"
#include "workflow/PredictAndScore.h"
#include "workflow/ProjectLabelSet.h"

#ifndef SEGLOOP_VERSION
#error "SEGLOOP_VERSION comes from CMake (workflow/CMakeLists.txt)"
#endif

namespace segloop {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

/// A fresh folder under the system's temporary folder, removed with everything in it when the
/// object goes away.
class TemporaryFolder {
  public:
    TemporaryFolder() {
        std::string pattern = (fs::temp_directory_path() / "segloop-bundle-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            throw Error(pattern, "cannot create a temporary folder");
        path_ = pattern;
    }
    ~TemporaryFolder() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TemporaryFolder(const TemporaryFolder&) = delete;
    TemporaryFolder& operator=(const TemporaryFolder&) = delete;
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot read the file");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    out.close();
    if (!out)
        throw Error(path, "cannot write the file (disk full or no permission?)");
}

std::string sha256Hex(const std::string& bytes) {
    Sha256 digest;
    digest.update(bytes);
    return Sha256::toHex(digest.finish());
}

/// Counts of what the model trained on, never names or identifiers of patients: the run that
/// made it (dataset revision, labelled volumes of record then), or, for an imported model,
/// what its own bundle said.
std::string trainingDataJson(Project& project, const ModelRecord& model,
                             const std::string& checkpoint) {
    const fs::path importedManifest = fs::path(checkpoint).parent_path() / kBundleManifestMember;
    if (fs::exists(importedManifest)) {
        Json original = Json::parse(readBytes(importedManifest.string()));
        Json summary = original.value("training_data", Json::object());
        summary["imported_from_bundle"] = true;
        return summary.dump();
    }
    Json summary = Json::object();
    summary["project_volumes_at_export"] = project.volumes().list().size();
    for (const TrainingRunRecord& run : project.trainingRuns().list()) {
        if (run.modelId != model.id)
            continue;
        const size_t labelled =
            project.labels().labelsOfRecordAtRevision(run.datasetRevision).size();
        const size_t validation = labelled >= 5 ? std::max<size_t>(1, labelled / 5) : labelled;
        summary["training_run"] = run.id;
        summary["dataset_revision"] = run.datasetRevision;
        summary["labelled_volumes"] = labelled;
        summary["validation_volumes"] = validation;
        summary["validation_is_training"] = labelled < 5;
        if (run.baseModelId)
            summary["fine_tuned_from_model"] = *run.baseModelId;
    }
    return summary.dump();
}

/// The project's classes that the network predicts (1 .. classes-1), named "class N" where
/// the label set has none.
std::vector<LabelClass> bundleClasses(Project& project, int64_t networkClasses) {
    const LabelSet labelSet = projectLabelSet(project);
    std::vector<LabelClass> classes;
    for (int64_t index = 1; index < networkClasses; ++index) {
        const LabelClass* known = labelSet.findClass(uint16_t(index));
        classes.push_back(
            known ? *known
                  : LabelClass{uint16_t(index), "class " + std::to_string(index), {255, 0, 0}});
    }
    return classes;
}

}  // namespace

ModelBundleExportReport exportModelBundle(Project& project, std::optional<int64_t> modelId,
                                          const std::string& outputPath, Progress* progress) {
    const ModelRecord model = chooseSegmentationModel(project, modelId);
    const std::string subject = "model " + std::to_string(model.id);
    if (model.name == "quality")
        throw Error(subject, "is a quality predictor; a bundle holds a segmentation model");
    if (model.dataPath.empty())
        throw Error(subject, "has no weights in the project");
    const std::string checkpoint = project.layout().absolute(model.dataPath);
    reportProgress(progress, "Exporting model", 0, 3);
    ModelBundleManifest manifest;
    manifest.segloopVersion = SEGLOOP_VERSION;
    manifest.createdAt = utcTimestampNow();
    manifest.modelName = model.name;
    manifest.modelVersion = model.version;
    manifest.settings = checkpointSettings(checkpoint);
    manifest.settings.methodSettings.qualityModelPath.clear();  // a path of this project
    manifest.classes = bundleClasses(project, manifest.settings.network.classes);
    manifest.trainingDataJson = trainingDataJson(project, model, checkpoint);
    manifest.validationMetricsJson = Json::parse(model.metricsJson, nullptr, false).is_object()
                                         ? Json::parse(model.metricsJson).dump()
                                         : "{}";

    TemporaryFolder folder;
    std::vector<ArchiveMember> members;
    writeWeightsCheckpoint(checkpoint, manifest.settings, folder.file(kBundleWeightsMember));
    reportProgress(progress, "Exporting model", 1, 3);
    exportTorchScript(folder.file(kBundleWeightsMember), folder.file(kBundleTorchScriptMember));
    reportProgress(progress, "Exporting model", 2, 3);  // the last chance to cancel
    for (const char* name : {kBundleWeightsMember, kBundleTorchScriptMember}) {
        ArchiveMember member{name, readBytes(folder.file(name))};
        manifest.members[name] = {sha256Hex(member.bytes), member.bytes.size()};
        members.push_back(std::move(member));
    }
    members.insert(members.begin(), ArchiveMember{kBundleManifestMember, manifestToJson(manifest)});
    writeZipArchive(outputPath, members);
    if (progress)
        progress->update("Exporting model", 3, 3);  // written: too late to cancel

    ModelBundleExportReport report;
    report.modelId = model.id;
    report.path = outputPath;
    report.manifest = manifest;
    report.bytes = fs::file_size(outputPath);
    if (project.isReadOnly()) {
        return report;  // a read-only project cannot record the export in its audit log
    }
    project.auditLog().append("export model", subject,
                              {{"path", outputPath},
                               {"sha256", sha256Hex(readBytes(outputPath))},
                               {"format_version", std::to_string(manifest.formatVersion)}});
    return report;
}

ModelBundle readModelBundle(const std::string& path) {
    ModelBundle bundle;
    bundle.path = path;
    bundle.members = readZipArchive(path);
    const auto manifestText = bundle.members.find(kBundleManifestMember);
    if (manifestText == bundle.members.end())
        throw Error(path, "is not a SegLoop model bundle (it holds no manifest.json)");
    bundle.manifest = manifestFromJson(manifestText->second, path);
    for (const auto& [name, bytes] : bundle.members) {
        if (name.empty() || name[0] == '.' ||
            name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                   "0123456789._-") != std::string::npos) {
            throw Error(path, "holds a member with a name a bundle never has: " + name);
        }
        if (name != kBundleManifestMember && !bundle.manifest.members.count(name))
            throw Error(path, "holds member " + name + ", which manifest.json does not list");
    }
    for (const auto& [name, member] : bundle.manifest.members) {
        const auto found = bundle.members.find(name);
        if (found == bundle.members.end())
            throw Error(path, "lacks member " + name + ", which manifest.json lists");
        if (sha256Hex(found->second) != member.sha256) {
            throw Error(path, "member " + name +
                                  " does not match its SHA-256 in manifest.json: the bundle was "
                                  "changed or damaged");
        }
    }
    if (!bundle.members.count(kBundleWeightsMember))
        throw Error(path, std::string("lacks the weights (") + kBundleWeightsMember + ")");
    return bundle;
}

std::shared_ptr<SegmentationModel> loadBundleModel(const ModelBundle& bundle,
                                                   const std::string& device) {
    TemporaryFolder folder;
    const std::string weights = folder.file(kBundleWeightsMember);
    writeBytes(weights, bundle.members.at(kBundleWeightsMember));
    std::shared_ptr<SegmentationModel> model = SegmentationModel::load(weights, device);
    const std::string difference =
        networkDifference(model->settings().network, bundle.manifest.settings.network);
    if (!difference.empty())
        throw Error(bundle.path,
                    "its weights and manifest.json name different networks (" + difference + ")");
    return model;
}

void writeBundleMembers(const ModelBundle& bundle, const std::string& folder) {
    PrivateFiles::makeFolder(folder);                 // 0700; a link at the folder is refused
    for (const auto& [name, bytes] : bundle.members)  // 0600 each, never outside `folder`
        PrivateFiles::writeAtomically(SafeFileName::childPath(folder, name, bundle.path), bytes);
}

bool looksLikeModelBundle(const std::string& path) {
    std::error_code error;
    if (!fs::is_regular_file(path, error))
        return false;
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

}  // namespace segloop
