// TrainingController's tasks: the window's Predict (predict-and-score) and Train quality
// predictor, each a workflow use case on a WorkflowTask, as `segloop-cli predict` and
// `segloop-cli train-quality` run them in the terminal.
#include "storage/Project.h"
#include "ui/training/TrainingController.h"
#include "workflow/PredictAndScore.h"
#include "workflow/QualityPredictorTraining.h"

namespace segloop::ui {

/// What a task leaves for the GUI thread once it has ended.
struct TrainingController::TaskOutcome {
    bool qualityTraining = false;  ///< else predict-and-score
    PredictReport prediction;
    QualityTrainingReport quality;
};

bool TrainingController::predict(Project& project, std::string* refusal) {
    if (!idle(refusal))
        return false;
    try {
        chooseSegmentationModel(project, std::nullopt);  // says why when there is none
    } catch (const std::exception& error) {
        if (refusal)
            *refusal = error.what();
        return false;
    }
    auto outcome = std::make_shared<TaskOutcome>();
    taskOutcome_ = outcome;
    task_->start(project.layout().folder, project.userName(),
                 [outcome](Project& own, Progress& progress) {
                     outcome->prediction = predictAndScore(own, PredictRequest{}, &progress);
                 });
    setState(State::Predicting);
    Q_EMIT predictionProgress(0, 0);
    return true;
}

bool TrainingController::trainQuality(Project& project, const QualitySettings& settings,
                                      std::string* refusal) {
    if (!idle(refusal))
        return false;
    auto outcome = std::make_shared<TaskOutcome>();
    outcome->qualityTraining = true;
    taskOutcome_ = outcome;
    QualityTrainingRequest request;
    request.settings = settings;
    task_->start(project.layout().folder, project.userName(),
                 [outcome, request](Project& own, Progress& progress) {
                     outcome->quality = trainQualityPredictor(own, request, &progress);
                 });
    setState(State::TrainingQuality);
    return true;
}

void TrainingController::handleTaskProgress(const QString& stage, int done, int total) {
    Q_EMIT taskProgress(stage, done, total);
    if (stage == "Predicting")
        Q_EMIT predictionProgress(done, total);
    else if (stage == "Scoring")
        Q_EMIT scoresArrived(done, total);
}

void TrainingController::handleTaskFinished(const JobResult& result) {
    const std::shared_ptr<TaskOutcome> outcome = std::move(taskOutcome_);
    QString summary;
    if (outcome->qualityTraining) {
        const QualityTrainingReport& report = outcome->quality;
        summary = result.cancelled || report.stopped
                      ? tr("Quality predictor training stopped; no model recorded")
                      : tr("Quality predictor trained: model %1").arg(report.modelId.value_or(0));
        if (!report.evaluation.empty())
            summary += "\n" + QString::fromStdString(report.evaluation).trimmed();
    } else {
        const PredictReport& report = outcome->prediction;
        summary = tr("%1 %2 volumes")
                      .arg(result.cancelled ? tr("Prediction cancelled after") : tr("Predicted"))
                      .arg(report.savedLabelVersions.size());
        if (report.scored)
            summary += tr("; scored %1").arg(report.scoring.scored);
        else if (!report.notScoredBecause.empty())
            summary += tr("; not scored: %1").arg(QString::fromStdString(report.notScoredBecause));
    }
    const bool failed = !result.succeeded && !result.cancelled;
    if (failed)
        summary += "\n" + QString::fromStdString(result.error);
    setState(State::Idle);
    Q_EMIT finished(summary, failed);
    if (!outcome->qualityTraining)
        Q_EMIT predictionFinished(int(outcome->prediction.savedLabelVersions.size()));
}

}  // namespace segloop::ui
