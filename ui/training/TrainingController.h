#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <QObject>
#include <QTimer>

#include "core/learning/training/TrainingService.h"
#include "render/OverlayContent.h"

namespace segloop {
class Project;
}

namespace segloop::ui {

/// Drives the background TrainingService for the window: builds the job from the project (as
/// `segloop-cli train` does), records the run and the model it produced, feeds corrections
/// saved meanwhile to the trainer (a dataset revision check every few seconds), and keeps the
/// live curves for the training monitor overlay.
///
/// The service's listener events arrive on its worker thread; they are copied into value
/// structs and handed to the GUI thread with queued invocations, where this object's signals
/// are emitted. Never touches widgets. The project must outlive a running run (stop() and
/// waitUntilStopped() before closing it). GUI thread only.
class TrainingController : public QObject, private TrainingListener {
    Q_OBJECT

  public:
    enum class State { Idle, Running, Paused, Stopping };

    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    /// Starts a run on `project` with `settings` (network.classes is set from the label set).
    /// Returns false with a message in `refusal` when a run is active or nothing is labelled.
    bool start(Project& project, TrainingSettings settings, std::string* refusal = nullptr);
    void pause();
    void resume();
    void stop();
    /// Blocks until the worker has finished (after stop()); then handles its last events.
    void waitUntilStopped();

    State state() const { return state_; }
    /// The dataset revision the running trainer was last given.
    int64_t datasetRevision() const { return datasetRevision_; }
    /// How often the project's dataset revision is checked while a run is active (default 5 s).
    void setRevisionCheckIntervalMs(int milliseconds) { revisionCheck_.setInterval(milliseconds); }
    const render::TrainingMonitorContent& monitor() const { return monitor_; }
    int64_t stepsReported() const { return stepsReported_; }

  Q_SIGNALS:
    void stateChanged(segloop::ui::TrainingController::State state);
    void stepReported(const segloop::StepReport& step);
    void monitorChanged();
    /// The run ended; `summary` says how (and which model it produced).
    void finished(const QString& summary, bool failed);

  private:
    // TrainingListener, on the worker thread.
    void onStep(const StepReport& step) override;
    void onValidation(const ValidationReport& report) override;
    void onPaused() override;
    void onFinished(const TrainingOutcome& outcome) override;

    void handleStep(const StepReport& step);
    void handleFinished(const TrainingOutcome& outcome);
    void checkDatasetRevision();
    void setState(State state);

    std::unique_ptr<TrainingService> service_;
    Project* project_ = nullptr;
    std::optional<int64_t> runId_;
    TrainingSettings settings_;
    int64_t datasetRevision_ = 0;
    QTimer revisionCheck_;
    State state_ = State::Idle;
    render::TrainingMonitorContent monitor_;
    int64_t stepsReported_ = 0;
};

}  // namespace segloop::ui
