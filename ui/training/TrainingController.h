#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <QObject>
#include <QTimer>

#include "learning/quality/QualitySettings.h"
#include "learning/training/TrainingService.h"
#include "render/OverlayContent.h"
#include "ui/jobs/WorkflowTask.h"
#include "workflow/TrainingSession.h"

namespace segloop {
class Project;
}

namespace segloop::ui {

/// The window's adapter over the loop's use cases (workflow/), as `segloop-cli` is the
/// terminal's: start() runs a TrainingSession on the background TrainingService (the job
/// follows the project's dataset revision by itself), records its outcome, and keeps the live
/// curves for the training monitor overlay; predict() runs predict-and-score and
/// trainQuality() the quality-predictor training, each on a WorkflowTask (its own thread and
/// project connection, background priority), with progress and cancel (stop()).
///
/// The service's listener events arrive on its worker thread; they are copied into value
/// structs and handed to the GUI thread with queued invocations, where this object's signals
/// are emitted. Never touches widgets. The project must outlive a running run (stop() and
/// waitUntilStopped() before closing it). GUI thread only.
class TrainingController : public QObject, private TrainingListener {
    Q_OBJECT

  public:
    enum class State { Idle, Running, Paused, Stopping, Predicting, TrainingQuality };

    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    /// Starts a run on `project` (TrainingSession::prepare; the controller's automatic quality
    /// predictor and revision poll apply). Returns false with a message in `refusal` when
    /// something runs, nothing is labelled or quality-guided has no quality predictor.
    bool start(Project& project, TrainingSessionOptions options, std::string* refusal = nullptr);
    /// Goes on with the project's newest interrupted run (killed, crashed or stopped early)
    /// from its last good checkpoint, as `segloop-cli train --resume` (findResumableTrainingRun,
    /// TrainingSession::resume): same run, settings and session options. false with a message
    /// in `refusal` when something runs or no run can be resumed; `started` says which run.
    bool resumeInterrupted(Project& project, std::string* refusal = nullptr,
                           std::string* started = nullptr);
    void pause();
    void resume();
    void stop();
    /// Starts predict-and-score with the project's newest segmentation model (pseudo-label,
    /// uncertainty and SGRS region map per volume without a label of record, then the scores
    /// of the new pseudo-labels, as `segloop-cli predict`); stop() cancels within a volume.
    /// false with a message in `refusal` when something runs or there is no model.
    bool predict(Project& project, std::string* refusal = nullptr);
    /// Starts training a quality predictor on the project's labels of record (as
    /// `segloop-cli train-quality`); stop() cancels. false with `refusal` when something runs.
    bool trainQuality(Project& project, const QualitySettings& settings,
                      std::string* refusal = nullptr);
    /// Blocks until the worker has finished (after stop()); then handles its last events.
    void waitUntilStopped();

    State state() const { return state_; }
    /// The dataset revision the running trainer was last given.
    int64_t datasetRevision() const { return datasetRevision_; }
    /// How often a run started from now on looks for a new dataset revision (default 5 s).
    void setRevisionCheckIntervalMs(int milliseconds) { revisionPollMs_ = milliseconds; }
    /// The quality predictor trained after each finished run (on by default, as the CLI's).
    void setAutoQuality(const AutoQualitySettings& quality) { autoQuality_ = quality; }
    const render::TrainingMonitorContent& monitor() const { return monitor_; }
    int64_t stepsReported() const { return stepsReported_; }

  Q_SIGNALS:
    void stateChanged(segloop::ui::TrainingController::State state);
    /// The newest step, at most every kStepSignalIntervalMs while steps come faster (a small
    /// model makes 60+ a second: redrawing the monitor and panel for each took GUI time from
    /// the views); stepsReported() counts every step.
    void stepReported(const segloop::StepReport& step);
    void monitorChanged();
    /// The run ended; `summary` says how (and which model it produced). Also after predict().
    void finished(const QString& summary, bool failed);
    /// predict(): `done` of `total` volumes predicted and saved.
    void predictionProgress(int done, int total);
    /// predict() and trainQuality(): the stage ("Predicting", "Scoring", "Training the
    /// quality predictor") and how far it is.
    void taskProgress(const QString& stage, int done, int total);
    /// predict(): `done` of `total` new pseudo-labels scored: the review queue can refresh.
    void scoresArrived(int done, int total);
    /// predict() ended; `saved` pseudo-label versions were written.
    void predictionFinished(int saved);
    /// The run ran out of memory and goes on with a lowered load; `message` says what was
    /// lowered ("GPU out of memory at step 3: labelled batch 4 -> 2, training goes on").
    void memoryReduced(const QString& message);

  private:
    // TrainingListener, on the worker thread.
    void onStep(const StepReport& step) override;
    void onValidation(const ValidationReport& report) override;
    void onPaused() override;
    void onQualityStep(const QualityTrainingProgress& step) override;
    void onFinished(const TrainingOutcome& outcome) override;
    void onDatasetRevision(int64_t revision) override;
    void onMemoryReduced(const MemoryReduction& reduction) override;
    void onCheckpoint(const std::string& path, bool best) override;

    /// Starts session_ on the service and shows it; false (session dropped) when refused.
    bool launch(Project& project, std::string* refusal);

    /// The service, made on first use; its worker yields the CPU to the window
    /// (WorkerPriority::Background).
    TrainingService& service();
    void handleStep(const StepReport& step);
    void emitPendingStep();
    void handleFinished(const TrainingOutcome& outcome);
    void handleTaskProgress(const QString& stage, int done, int total);
    void handleTaskFinished(const JobResult& result);
    /// false with `refusal` when a run or a task is active.
    bool idle(std::string* refusal) const;
    void setState(State state);

    std::unique_ptr<TrainingService> service_;
    WorkflowTask* task_ = nullptr;
    Project* project_ = nullptr;
    std::optional<TrainingSession> session_;
    /// The running run's folder, claimed so that `train --resume` elsewhere leaves it alone.
    std::optional<FolderLock> runLock_;
    /// The newest step the worker reported (written on the worker, read with its checkpoints).
    std::atomic<int64_t> workerIteration_{0};
    TrainingSettings settings_;
    AutoQualitySettings autoQuality_ = TrainingSessionOptions{}.quality;
    int revisionPollMs_ = 5000;
    int64_t datasetRevision_ = 0;
    State state_ = State::Idle;
    render::TrainingMonitorContent monitor_;
    int64_t stepsReported_ = 0;
    static constexpr int kStepSignalIntervalMs = 100;
    QTimer stepSignal_;  ///< while active, steps wait in pendingStep_
    std::optional<StepReport> pendingStep_;
    /// What the running task reports at its end (written on its thread, read after it).
    struct TaskOutcome;
    std::shared_ptr<TaskOutcome> taskOutcome_;
};

}  // namespace segloop::ui
