#include "workflow/ProjectDataset.h"

#include "storage/Project.h"

namespace segloop {

ProjectDataset readProjectDataset(Project& project, bool acceptedLabelsTrain) {
    ProjectDataset dataset;
    dataset.revision = project.settings().datasetRevision();
    std::map<int64_t, std::string> labelFiles;
    for (const LabelVersionRecord& label :
         project.labels().labelsOfRecordAtRevision(dataset.revision, acceptedLabelsTrain)) {
        labelFiles[label.volumeId] = project.layout().absolute(label.dataPath);
    }
    for (const VolumeRecord& volume : project.volumes().list()) {
        TrainingCase trainingCase;
        trainingCase.id = std::to_string(volume.volumeId);
        trainingCase.imagePath = project.layout().absolute(volume.dataPath);
        const auto label = labelFiles.find(volume.volumeId);
        if (label != labelFiles.end()) {
            trainingCase.labelPath = label->second;
        }
        dataset.caseNames[trainingCase.id] = volume.seriesDescription;
        dataset.cases.push_back(std::move(trainingCase));
    }
    return dataset;
}

int64_t volumeIdOfCase(const TrainingCase& trainingCase) {
    return std::stoll(trainingCase.id);
}

CaseMaskFiles replacedPseudoLabels(Project& project, const TrainingCases& cases, size_t perCase) {
    std::map<int64_t, std::vector<std::string>> pseudoFiles;  // by volume, oldest first
    for (const LabelVersionRecord& version : project.labels().pseudoLabelsOfLabelledVolumes()) {
        pseudoFiles[version.volumeId].push_back(project.layout().absolute(version.dataPath));
    }
    CaseMaskFiles replaced;
    for (const TrainingCase& trainingCase : cases) {
        const auto files = pseudoFiles.find(volumeIdOfCase(trainingCase));
        if (!trainingCase.labelled() || files == pseudoFiles.end()) {
            continue;
        }
        const std::vector<std::string>& versions = files->second;
        const size_t skip = versions.size() > perCase ? versions.size() - perCase : 0;
        for (size_t n = skip; n < versions.size(); ++n) {
            replaced.push_back({trainingCase.id, versions[n]});
        }
    }
    return replaced;
}

}  // namespace segloop
