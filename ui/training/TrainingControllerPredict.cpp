// TrainingController::predict: the window's "Predict" (like `segloop-cli predict`).
#include <QMetaObject>

#include "storage/PredictionFiles.h"
#include "storage/Project.h"
#include "ui/training/TrainingController.h"

namespace segloop::ui {

bool TrainingController::predict(Project& project, std::string* refusal) {
    auto refuse = [refusal](const std::string& why) {
        if (refusal)
            *refusal = why;
        return false;
    };
    if (state_ != State::Idle)
        return refuse("a training or prediction run is already active");
    const std::optional<ModelRecord> model = project.models().latest("segmentation");
    if (!model)
        return refuse("the project has no trained model yet: train one first");
    const std::vector<LabelSet> labelSets = project.labelSets().list();
    if (labelSets.empty())
        return refuse("the project has no label set");
    PredictionJob job;
    job.checkpointPath = project.layout().absolute(model->dataPath);
    for (const VolumeRecord& volume : project.volumes().list()) {
        if (volume.labelStatus == LabelProvenance::Human ||
            volume.labelStatus == LabelProvenance::Corrected)
            continue;
        PredictionRequest request;
        request.id = std::to_string(volume.volumeId);
        request.imagePath = project.layout().absolute(volume.dataPath);
        request.options.regions = true;
        job.requests.push_back(request);
    }
    if (job.requests.empty())
        return refuse("every volume has a human or corrected label: nothing to predict");
    std::string why;
    if (!service().startPrediction(job, &why))
        return refuse(why);
    project_ = &project;
    predictionModelId_ = model->id;
    predictionLabelSetId_ = labelSets.front().id;
    predictionTotal_ = int(job.requests.size());
    predictionsHandled_ = 0;
    predictionsSaved_ = 0;
    predictionErrors_.clear();
    setState(State::Predicting);
    Q_EMIT predictionProgress(0, predictionTotal_);
    return true;
}

void TrainingController::onPrediction(const PredictionRequest& request,
                                      const Prediction& prediction) {
    const int64_t volumeId = std::stoll(request.id);
    QMetaObject::invokeMethod(
        this, [this, volumeId, prediction] { handlePrediction(volumeId, prediction); },
        Qt::QueuedConnection);
}

void TrainingController::onPredictionFailed(const PredictionRequest& request,
                                            const std::string& error) {
    const std::string message = "volume " + request.id + ": " + error;
    QMetaObject::invokeMethod(
        this,
        [this, message] {
            predictionErrors_ += (predictionErrors_.empty() ? "" : "\n") + message;
            Q_EMIT predictionProgress(++predictionsHandled_, predictionTotal_);
        },
        Qt::QueuedConnection);
}

void TrainingController::onPredictionJobFinished(size_t, bool stopped, const std::string& error) {
    QMetaObject::invokeMethod(
        this, [this, stopped, error] { handlePredictionJobFinished(stopped, error); },
        Qt::QueuedConnection);
}

void TrainingController::handlePrediction(int64_t volumeId, const Prediction& prediction) {
    if (!project_)
        return;
    try {
        PredictionToSave saved;
        saved.volumeId = volumeId;
        saved.labelSetId = predictionLabelSetId_;
        saved.modelId = predictionModelId_;
        saved.labels = &prediction.labels;
        saved.uncertainty = &prediction.uncertainty;
        saved.regions = prediction.regions ? &*prediction.regions : nullptr;
        savePrediction(*project_, saved);
        ++predictionsSaved_;
    } catch (const std::exception& error) {
        predictionErrors_ += (predictionErrors_.empty() ? "" : "\n") + std::string(error.what());
    }
    Q_EMIT predictionProgress(++predictionsHandled_, predictionTotal_);
}

void TrainingController::handlePredictionJobFinished(bool stopped, const std::string& error) {
    service_->wait();
    const bool failed = !error.empty() || !predictionErrors_.empty();
    QString summary = tr("%1 %2 of %3 volumes")
                          .arg(stopped ? tr("Prediction cancelled after") : tr("Predicted"))
                          .arg(predictionsSaved_)
                          .arg(predictionTotal_);
    if (failed)
        summary += "\n" + QString::fromStdString(error.empty() ? predictionErrors_ : error);
    project_ = nullptr;
    setState(State::Idle);
    Q_EMIT finished(summary, failed);
    Q_EMIT predictionFinished(predictionsSaved_);
}

}  // namespace segloop::ui
