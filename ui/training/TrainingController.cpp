#include "ui/training/TrainingController.h"

#include <algorithm>

#include <QCoreApplication>
#include <QEvent>
#include <QMetaObject>

#include "core/learning/training/SettingsText.h"
#include "storage/Project.h"
#include "storage/ProjectTrainingCases.h"
#include "storage/TrainingRunRecording.h"
#include "ui/training/TrainingCaseSplit.h"

namespace segloop::ui {
namespace {

constexpr size_t kMaxCurvePoints = 2000;

}  // namespace

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
    revisionCheck_.setInterval(5000);
    connect(&revisionCheck_, &QTimer::timeout, this, &TrainingController::checkDatasetRevision);
    stepSignal_.setSingleShot(true);
    stepSignal_.setInterval(kStepSignalIntervalMs);
    connect(&stepSignal_, &QTimer::timeout, this, [this] {
        if (pendingStep_) {
            emitPendingStep();
            stepSignal_.start();
        }
    });
}

TrainingController::~TrainingController() {
    service_.reset();
}

TrainingService& TrainingController::service() {
    if (!service_)
        service_ = std::make_unique<TrainingService>(static_cast<TrainingListener&>(*this),
                                                    WorkerPriority::Background);
    return *service_;
}

bool TrainingController::start(Project& project, TrainingSettings settings, std::string* refusal) {
    if (state_ != State::Idle) {
        if (refusal)
            *refusal = "a training run is already active";
        return false;
    }
    const std::vector<LabelSet> labelSets = project.labelSets().list();
    settings.network.classes =
        labelSets.empty() ? 2 : int64_t(labelSets.front().classes.size()) + 1;
    const ProjectDataset dataset = readProjectDataset(project);
    TrainingJob job;
    splitTrainingCases(dataset.cases, job.train, job.validation);
    if (job.validation.empty()) {
        if (refusal)
            *refusal = "no volume has a human or corrected label yet: label one first";
        return false;
    }
    if (settings.method == "quality-guided" && settings.methodSettings.qualityModelPath.empty()) {
        const std::optional<std::string> quality = latestQualityModelPath(project);
        if (!quality) {
            if (refusal)
                *refusal =
                    "quality-guided training needs a quality predictor: finish a training "
                    "run with 3 or more labelled volumes first";
            return false;
        }
        settings.methodSettings.qualityModelPath = *quality;
    }
    job.settings = settings;
    job.datasetRevision = dataset.revision;
    job.quality = autoQuality_;
    if (job.quality.enabled)
        job.quality.replacedPseudoLabels = replacedPseudoLabels(project, dataset.cases);
    const int64_t runId = recordTrainingRunStart(project, settings.method, settingsToText(settings),
                                                 dataset.revision);
    job.outputFolder = project.layout().modelsFolder() + "/run-" + std::to_string(runId);
    std::string why;
    if (!service().start(job, &why)) {
        project.trainingRuns().setStatus(runId, TrainingStatus::Failed, why);
        if (refusal)
            *refusal = why;
        return false;
    }
    project_ = &project;
    runId_ = runId;
    settings_ = settings;
    datasetRevision_ = dataset.revision;
    monitor_ = render::TrainingMonitorContent{};
    monitor_.visible = true;
    monitor_.status = "training " + settings.method + ": starting";
    stepsReported_ = 0;
    revisionCheck_.start();
    setState(State::Running);
    Q_EMIT monitorChanged();
    return true;
}

void TrainingController::pause() {
    if (state_ != State::Running)
        return;
    service_->pause();
    setState(State::Paused);
}

void TrainingController::resume() {
    if (state_ != State::Paused)
        return;
    service_->resume();
    setState(State::Running);
}

void TrainingController::stop() {
    if (state_ == State::Idle || state_ == State::Stopping)
        return;
    service_->stop();
    setState(State::Stopping);
}

void TrainingController::waitUntilStopped() {
    if (service_)
        service_->wait();
    // The worker queued its last events before it ended: handle them now.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

void TrainingController::onStep(const StepReport& step) {
    QMetaObject::invokeMethod(
        this, [this, step] { handleStep(step); }, Qt::QueuedConnection);
}

void TrainingController::onValidation(const ValidationReport& report) {
    const double dice = report.meanDice;
    QMetaObject::invokeMethod(
        this,
        [this, dice] {
            monitor_.validationDice.push_back(float(dice));
            Q_EMIT monitorChanged();
        },
        Qt::QueuedConnection);
}

void TrainingController::onPaused() {
    QMetaObject::invokeMethod(
        this,
        [this] {
            monitor_.status = "training " + settings_.method + ": paused";
            Q_EMIT monitorChanged();
        },
        Qt::QueuedConnection);
}

void TrainingController::onQualityStep(const QualityTrainingProgress& step) {
    QMetaObject::invokeMethod(
        this,
        [this, step] {
            monitor_.status = "training the quality predictor: step " +
                              std::to_string(step.iteration) + " / " +
                              std::to_string(step.iterations);
            Q_EMIT monitorChanged();
        },
        Qt::QueuedConnection);
}

void TrainingController::onFinished(const TrainingOutcome& outcome) {
    QMetaObject::invokeMethod(
        this, [this, outcome] { handleFinished(outcome); }, Qt::QueuedConnection);
}

void TrainingController::handleStep(const StepReport& step) {
    ++stepsReported_;
    monitor_.loss.push_back(float(step.loss));
    if (monitor_.loss.size() > kMaxCurvePoints) {
        monitor_.loss.erase(monitor_.loss.begin(), monitor_.loss.begin() + kMaxCurvePoints / 2);
    }
    monitor_.status = "training " + settings_.method + ": step " + std::to_string(step.iteration) +
                      " / " + std::to_string(step.iterations);
    pendingStep_ = step;
    if (!stepSignal_.isActive()) {
        emitPendingStep();
        stepSignal_.start();
    }
}

void TrainingController::emitPendingStep() {
    if (!pendingStep_) return;
    const StepReport step = *pendingStep_;
    pendingStep_.reset();
    Q_EMIT stepReported(step);
    Q_EMIT monitorChanged();
}

void TrainingController::handleFinished(const TrainingOutcome& outcome) {
    service_->wait();
    revisionCheck_.stop();
    stepSignal_.stop();
    emitPendingStep();  // the run's last step, before its summary
    QString summary;
    const bool failed = outcome.status == TrainingOutcome::Status::Failed;
    try {
        if (failed) {
            recordTrainingOutcome(*project_, *runId_, settings_.method, outcome);
            summary = tr("Training failed: %1").arg(QString::fromStdString(outcome.message));
        } else {
            const RecordedTrainingModels recorded =
                recordTrainingOutcome(*project_, *runId_, settings_.method, outcome);
            const bool stopped = outcome.status == TrainingOutcome::Status::Stopped;
            summary = tr("%1 after %2 iterations")
                          .arg(stopped ? tr("Stopped") : tr("Finished"))
                          .arg(outcome.iterations);
            if (recorded.quality) {
                summary += tr("; quality predictor trained");
            }
        }
    } catch (const std::exception& error) {
        summary = tr("Training ended, but recording it failed: %1").arg(error.what());
    }
    monitor_.status = summary.toStdString();
    runId_.reset();
    project_ = nullptr;
    setState(State::Idle);
    Q_EMIT monitorChanged();
    Q_EMIT finished(summary, failed);
}

void TrainingController::checkDatasetRevision() {
    if (!project_ || state_ == State::Idle)
        return;
    try {
        const int64_t revision = project_->settings().datasetRevision();
        if (revision == datasetRevision_)
            return;
        const ProjectDataset dataset = readProjectDataset(*project_);
        DatasetUpdate update;
        splitTrainingCases(dataset.cases, update.train, update.validation);
        update.revision = dataset.revision;
        if (autoQuality_.enabled)
            update.replacedPseudoLabels = replacedPseudoLabels(*project_, dataset.cases);
        service_->updateDataset(std::move(update));
        datasetRevision_ = dataset.revision;
    } catch (const std::exception&) {
        // The next check tries again; training goes on with the labels it has.
    }
}

void TrainingController::setState(State state) {
    state_ = state;
    Q_EMIT stateChanged(state);
}

}  // namespace segloop::ui
