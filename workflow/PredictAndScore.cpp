#include "workflow/PredictAndScore.h"

#include "core/Error.h"
#include "learning/inference/SegmentationModel.h"
#include "learning/scoring/ModelCaseScorer.h"
#include "storage/PredictionFiles.h"
#include "storage/Project.h"
#include "workflow/ProjectLabelSet.h"
#include "workflow/ReviewQueue.h"

namespace segloop {

std::vector<VolumeRecord> volumesToPredict(Project& project, bool all) {
    std::vector<VolumeRecord> targets;
    for (const VolumeRecord& volume : project.volumes().list()) {
        if (all || !volume.labelOfRecordId)
            targets.push_back(volume);
    }
    return targets;
}

ModelRecord chooseSegmentationModel(Project& project, std::optional<int64_t> modelId) {
    if (modelId)
        return project.models().get(*modelId);
    const std::optional<ModelRecord> latest = project.models().latest("segmentation");
    if (!latest) {
        throw Error(project.layout().folder,
                    "has no trained model yet: train one first (segloop-cli train or the "
                    "window's Train)");
    }
    return *latest;
}

PredictReport predictAndScore(Project& project, const PredictRequest& request, Progress* progress) {
    PredictReport report;
    const ModelRecord record = chooseSegmentationModel(project, request.modelId);
    report.modelId = record.id;
    report.modelMethod = record.method;
    const int64_t labelSetId = projectLabelSet(project).id;
    const std::string checkpoint = project.layout().absolute(record.dataPath);
    const std::shared_ptr<SegmentationModel> model =
        SegmentationModel::load(checkpoint, request.device);
    const std::vector<VolumeRecord> targets = volumesToPredict(project, request.all);
    PredictionOptions options;
    options.regions = request.regions;
    for (size_t n = 0; n < targets.size(); ++n) {
        reportProgress(progress, "Predicting", n, targets.size());
        const Prediction prediction =
            model->predict(project.volumes().load(targets[n].volumeId), nullptr, options);
        PredictionToSave toSave;
        toSave.volumeId = targets[n].volumeId;
        toSave.labelSetId = labelSetId;
        toSave.modelId = record.id;
        toSave.labels = &prediction.labels;
        toSave.uncertainty = &prediction.uncertainty;
        toSave.regions = prediction.regions ? &*prediction.regions : nullptr;
        report.savedLabelVersions.push_back(savePrediction(project, toSave));
    }
    reportProgress(progress, "Predicting", targets.size(), targets.size());
    if (!request.score || report.savedLabelVersions.empty())
        return report;
    const std::optional<int64_t> quality = reviewQualityModel(project);
    if (!quality) {
        report.notScoredBecause =
            "the project has no quality predictor yet (train one: segloop-cli train-quality or "
            "the window's Train quality predictor; a finished run with 3+ labelled volumes "
            "trains one too)";
        return report;
    }
    ModelCaseScorer scorer(project.layout().absolute(project.models().get(*quality).dataPath),
                           request.device, request.uncertainty);
    scorer.useModel(checkpoint, model);
    ScoringRequest scoring;
    scoring.qualityModelId = *quality;
    scoring.onlyLabelVersions = report.savedLabelVersions;
    report.scoring = scorePseudoLabels(project, scorer, scoring, progress);
    report.scored = true;
    return report;
}

}  // namespace segloop
