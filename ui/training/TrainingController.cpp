#include "ui/training/TrainingController.h"

#include <algorithm>

#include <QCoreApplication>
#include <QEvent>
#include <QMetaObject>

#include "storage/Project.h"

namespace segloop::ui {
namespace {

constexpr size_t kMaxCurvePoints = 2000;

}  // namespace

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
    stepSignal_.setSingleShot(true);
    stepSignal_.setInterval(kStepSignalIntervalMs);
    connect(&stepSignal_, &QTimer::timeout, this, [this] {
        if (pendingStep_) {
            emitPendingStep();
            stepSignal_.start();
        }
    });
    task_ = new WorkflowTask(this);
    connect(task_, &WorkflowTask::progressed, this, &TrainingController::handleTaskProgress);
    connect(task_, &WorkflowTask::finished, this, &TrainingController::handleTaskFinished);
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

bool TrainingController::idle(std::string* refusal) const {
    if (state_ == State::Idle)
        return true;
    if (refusal)
        *refusal = "a training run or another task is already active";
    return false;
}

bool TrainingController::start(Project& project, TrainingSessionOptions options,
                               std::string* refusal) {
    if (!idle(refusal))
        return false;
    options.quality = autoQuality_;
    options.revisionPollSeconds = revisionPollMs_ / 1000.0;
    try {
        session_ = TrainingSession::prepare(project, options);
    } catch (const std::exception& error) {
        if (refusal)
            *refusal = error.what();
        return false;
    }
    return launch(project, refusal);
}

bool TrainingController::resumeInterrupted(Project& project, std::string* refusal,
                                           std::string* started) {
    if (!idle(refusal))
        return false;
    try {
        std::string why;
        const std::optional<ResumableTrainingRun> run = findResumableTrainingRun(project, &why);
        if (!run) {
            if (refusal)
                *refusal = why;
            return false;
        }
        session_ = TrainingSession::resume(project, *run);
        if (started) {
            *started = "training run " + std::to_string(run->runId) + " from iteration " +
                       std::to_string(run->checkpointIteration) + " of " +
                       std::to_string(run->iterations);
        }
    } catch (const std::exception& error) {
        session_.reset();
        if (refusal)
            *refusal = error.what();
        return false;
    }
    return launch(project, refusal);
}

bool TrainingController::launch(Project& project, std::string* refusal) {
    std::string why;
    try {
        runLock_.emplace(claimTrainingRunFolder(session_->job().outputFolder));
    } catch (const std::exception& error) {
        why = error.what();
    }
    if (!runLock_ || !service().start(session_->job(), &why)) {
        session_->refused(project, why);
        session_.reset();
        runLock_.reset();
        if (refusal)
            *refusal = why;
        return false;
    }
    project_ = &project;
    settings_ = session_->job().settings;
    datasetRevision_ = session_->job().datasetRevision;
    workerIteration_ = 0;
    monitor_ = render::TrainingMonitorContent{};
    monitor_.visible = true;
    monitor_.status = "training " + settings_.method + ": starting";
    stepsReported_ = 0;
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
    if (task_->running())
        task_->cancel();
    else
        service_->stop();
    setState(State::Stopping);
}

void TrainingController::waitUntilStopped() {
    if (service_)
        service_->wait();
    task_->wait();
    // The worker queued its last events before it ended: handle them now.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

void TrainingController::onStep(const StepReport& step) {
    workerIteration_ = step.iteration;
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

void TrainingController::onDatasetRevision(int64_t revision) {
    QMetaObject::invokeMethod(
        this, [this, revision] { datasetRevision_ = revision; }, Qt::QueuedConnection);
}

void TrainingController::onMemoryReduced(const MemoryReduction& reduction) {
    const QString message = QString::fromStdString(reduction.message);
    QMetaObject::invokeMethod(
        this, [this, message] { Q_EMIT memoryReduced(message); }, Qt::QueuedConnection);
}

void TrainingController::onCheckpoint(const std::string& path, bool best) {
    if (best)
        return;  // "latest" holds the full state a resumed run goes on from
    const int64_t iteration = workerIteration_;
    QMetaObject::invokeMethod(
        this,
        [this, path, iteration] {
            if (!project_ || !session_)
                return;
            try {
                recordTrainingCheckpoint(*project_, session_->runId(), path, iteration);
            } catch (const std::exception& error) {
                monitor_.status = std::string("recording the checkpoint failed: ") + error.what();
            }
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
    if (!pendingStep_)
        return;
    const StepReport step = *pendingStep_;
    pendingStep_.reset();
    Q_EMIT stepReported(step);
    Q_EMIT monitorChanged();
}

void TrainingController::handleFinished(const TrainingOutcome& outcome) {
    service_->wait();
    stepSignal_.stop();
    emitPendingStep();  // the run's last step, before its summary
    QString summary;
    const bool failed = outcome.status == TrainingOutcome::Status::Failed;
    try {
        if (failed) {
            session_->finish(*project_, outcome);
            summary = tr("Training failed: %1").arg(QString::fromStdString(outcome.message));
        } else {
            const RecordedTrainingModels recorded = session_->finish(*project_, outcome);
            const bool stopped = outcome.status == TrainingOutcome::Status::Stopped;
            summary = tr("%1 after %2 iterations")
                          .arg(stopped ? tr("Stopped") : tr("Finished"))
                          .arg(outcome.iterations);
            if (!outcome.checkpointChoice.empty()) {
                summary += QStringLiteral("; ") + QString::fromStdString(outcome.checkpointChoice);
            }
            if (recorded.quality) {
                summary += tr("; quality predictor trained");
            }
            if (!outcome.memoryNotices.empty()) {
                summary += tr("; load lowered %n time(s) after running out of memory", nullptr,
                              int(outcome.memoryNotices.size()));
            }
        }
    } catch (const std::exception& error) {
        summary = tr("Training ended, but recording it failed: %1").arg(error.what());
    }
    monitor_.status = summary.toStdString();
    session_.reset();
    runLock_.reset();
    project_ = nullptr;
    setState(State::Idle);
    Q_EMIT monitorChanged();
    Q_EMIT finished(summary, failed);
}

void TrainingController::setState(State state) {
    state_ = state;
    Q_EMIT stateChanged(state);
}

}  // namespace segloop::ui
