#include "workflow/ModelBundleImport.h"

#include <filesystem>

#include "core/Error.h"
#include "storage/Project.h"
#include "storage/db/Transaction.h"
#include "workflow/ModelBundle.h"
#include "workflow/ProjectLabelSet.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;

/// "background, anterior, posterior" for a class list.
std::string classNames(const std::vector<LabelClass>& classes) {
    std::string names = "background";
    for (const LabelClass& labelClass : classes)
        names += ", " + labelClass.name;
    return names;
}

/// data/models/imported-N with the first N whose folder does not exist yet.
std::string freeImportFolder(const Project& project) {
    for (int n = 1;; ++n) {
        const std::string relative =
            std::string(ProjectLayout::kModelsFolderName) + "/imported-" + std::to_string(n);
        if (!fs::exists(project.layout().absolute(relative)))
            return relative;
    }
}

}  // namespace

ModelImportReport importModelBundle(Project& project, const std::string& bundlePath) {
    const ModelBundle bundle = readModelBundle(bundlePath);
    const ModelBundleManifest& manifest = bundle.manifest;
    const LabelSet labelSet = projectLabelSet(project);
    const int64_t classes = projectClassCount(project);
    if (manifest.settings.network.classes != classes) {
        throw Error(bundlePath,
                    "its network predicts " + std::to_string(manifest.settings.network.classes) +
                        " classes (" + classNames(manifest.classes) + "), the project has " +
                        std::to_string(classes) + " (" + classNames(labelSet.classes) +
                        "): a model is imported only into a project with as many classes "
                        "(add them with segloop-cli classes PROJECT --add NAME)");
    }
    ModelImportReport report;
    report.manifest = manifest;
    for (const LabelClass& given : manifest.classes) {
        const LabelClass* own = labelSet.findClass(given.index);
        if (own && own->name != given.name) {
            report.notes.push_back("class " + std::to_string(given.index) + " is '" + given.name +
                                   "' in the bundle and '" + own->name + "' in the project");
        }
    }
    report.folder = freeImportFolder(project);
    const std::string folder = project.layout().absolute(report.folder);
    try {
        writeBundleMembers(bundle, folder);
        Transaction transaction(project.database());
        ModelRecord model;
        model.name = "segmentation";
        model.method = manifest.settings.method;
        model.dataPath = report.folder + "/" + kBundleWeightsMember;
        model.metricsJson = manifest.validationMetricsJson;
        report.modelId = project.models().add(model);
        project.auditLog().append(
            "import model", "model " + std::to_string(report.modelId),
            {{"bundle", fs::path(bundlePath).filename().string()},
             {"folder", report.folder},
             {"weights_sha256", manifest.members.at(kBundleWeightsMember).sha256},
             {"format_version", std::to_string(manifest.formatVersion)},
             {"segloop_version", manifest.segloopVersion},
             {"source_model", manifest.modelName + " " + std::to_string(manifest.modelVersion)}});
        transaction.commit();
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(folder, ignored);
        throw;
    }
    return report;
}

}  // namespace segloop
