#include "storage/PredictionFiles.h"

#include <filesystem>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"
#include "storage/Project.h"

namespace segloop {

int64_t savePrediction(Project& project, const PredictionToSave& prediction) {
    if (prediction.labels == nullptr) {
        throw Error("prediction of volume " + std::to_string(prediction.volumeId),
                    "has no label map to save");
    }
    NewLabelVersion label;
    label.volumeId = prediction.volumeId;
    label.labelSetId = prediction.labelSetId;
    label.provenance = LabelProvenance::Pseudo;
    label.modelId = prediction.modelId;
    label.sourceName = "prediction of model " + std::to_string(prediction.modelId);
    const int64_t versionId = project.labels().add(label, *prediction.labels);
    const ProjectLayout& layout = project.layout();
    if (prediction.uncertainty != nullptr) {
        writeNiftiVolume(*prediction.uncertainty,
                         layout.absolute(ProjectLayout::uncertaintyDataPath(versionId)));
    }
    if (prediction.regions != nullptr) {
        writeNiftiLabelMap(*prediction.regions,
                           layout.absolute(ProjectLayout::regionsDataPath(versionId)));
    }
    return versionId;
}

std::optional<LabelMap> loadSavedRegions(Project& project, int64_t labelVersionId) {
    std::optional<int64_t> id = labelVersionId;
    for (int depth = 0; id && depth < 1000; ++depth) {
        const std::string path = project.layout().absolute(ProjectLayout::regionsDataPath(*id));
        if (std::filesystem::exists(path)) {
            return readNiftiLabelMap(path);
        }
        id = project.labels().get(*id).parentId;
    }
    return std::nullopt;
}

}  // namespace segloop
