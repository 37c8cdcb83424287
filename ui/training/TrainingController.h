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
/// live curves for the training monitor overlay. predict() labels the volumes without a human
/// or corrected label with the newest model on the same worker thread (no run may be active)
/// and saves each result on the GUI thread with savePrediction(), as `segloop-cli predict` does.
///
/// The service's listener events arrive on its worker thread; they are copied into value
/// structs and handed to the GUI thread with queued invocations, where this object's signals
/// are emitted. Never touches widgets. The project must outlive a running run (stop() and
/// waitUntilStopped() before closing it). GUI thread only.
class TrainingController : public QObject, private TrainingListener {
    Q_OBJECT

  public:
    enum class State { Idle, Running, Paused, Stopping, Predicting };

    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    /// Starts a run on `project` with `settings` (network.classes is set from the label set).
    /// Returns false with a message in `refusal` when a run is active or nothing is labelled.
    bool start(Project& project, TrainingSettings settings, std::string* refusal = nullptr);
    void pause();
    void resume();
    void stop();
    /// Starts predicting with the project's newest segmentation model (pseudo-label, uncertainty
    /// and SGRS region map per volume); stop() cancels after the current volume. false with a
    /// message in `refusal` when something runs, there is no model or nothing to predict.
    bool predict(Project& project, std::string* refusal = nullptr);
    /// Blocks until the worker has finished (after stop()); then handles its last events.
    void waitUntilStopped();

    State state() const { return state_; }
    /// The dataset revision the running trainer was last given.
    int64_t datasetRevision() const { return datasetRevision_; }
    /// How often the project's dataset revision is checked while a run is active (default 5 s).
    void setRevisionCheckIntervalMs(int milliseconds) { revisionCheck_.setInterval(milliseconds); }
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
    /// predict(): `done` of `total` volumes handled (saved or failed).
    void predictionProgress(int done, int total);
    /// predict() ended; `saved` pseudo-label versions were written.
    void predictionFinished(int saved);

  private:
    // TrainingListener, on the worker thread.
    void onStep(const StepReport& step) override;
    void onValidation(const ValidationReport& report) override;
    void onPaused() override;
    void onQualityStep(const QualityTrainingProgress& step) override;
    void onFinished(const TrainingOutcome& outcome) override;
    void onPrediction(const PredictionRequest& request, const Prediction& prediction) override;
    void onPredictionFailed(const PredictionRequest& request, const std::string& error) override;
    void onPredictionJobFinished(size_t done, bool stopped, const std::string& error) override;

    /// The service, made on first use; its worker yields the CPU to the window
    /// (WorkerPriority::Background).
    TrainingService& service();
    void handleStep(const StepReport& step);
    void emitPendingStep();
    void handleFinished(const TrainingOutcome& outcome);
    void handlePrediction(int64_t volumeId, const Prediction& prediction);
    void handlePredictionJobFinished(bool stopped, const std::string& error);
    void checkDatasetRevision();
    void setState(State state);

    std::unique_ptr<TrainingService> service_;
    Project* project_ = nullptr;
    std::optional<int64_t> runId_;
    TrainingSettings settings_;
    AutoQualitySettings autoQuality_ = [] {
        AutoQualitySettings quality;
        quality.enabled = true;
        return quality;
    }();
    int64_t datasetRevision_ = 0;
    QTimer revisionCheck_;
    State state_ = State::Idle;
    render::TrainingMonitorContent monitor_;
    int64_t stepsReported_ = 0;
    static constexpr int kStepSignalIntervalMs = 100;
    QTimer stepSignal_;  ///< while active, steps wait in pendingStep_
    std::optional<StepReport> pendingStep_;
    // predict()
    int64_t predictionModelId_ = 0;
    int64_t predictionLabelSetId_ = 0;
    int predictionTotal_ = 0;
    int predictionsHandled_ = 0;
    int predictionsSaved_ = 0;
    std::string predictionErrors_;
};

}  // namespace segloop::ui
