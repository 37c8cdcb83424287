#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "learning/data/CaseMaskFile.h"
#include "learning/data/TrainingCase.h"
#include "learning/inference/SegmentationModel.h"
#include "learning/settings/TrainingSettings.h"
#include "learning/training/TrainingEvents.h"
#include "learning/training/TrainingOutcome.h"
#include "learning/training/WorkerPriority.h"

namespace segloop {

/// A quality predictor trained at the end of a finished run (QualityTrainer: corrupted masks of
/// the run's labelled cases, training and validation, plus the run's final model outputs on
/// them as real masks), saved as quality.pt beside the run's checkpoints. Off in a plain
/// TrainingJob; `segloop-cli train` and the desktop app turn it on (docs/methods.md).
struct AutoQualitySettings {
    bool enabled = false;
    int64_t iterations = 300;         ///< the budget: QualityTrainer steps
    size_t minimumLabelledCases = 3;  ///< fewer labelled cases: no predictor (noted)
    int64_t batchSize = 8;
    int64_t baseChannels = 8;
    /// Real masks with a known truth besides the run's outputs: the pseudo-labels that the
    /// cases' human or corrected labels replaced (the project fills these in).
    CaseMaskFiles replacedPseudoLabels;
};

/// A newer labelled set for a running job (e.g. after a saved correction).
struct DatasetUpdate {
    TrainingCases train;
    TrainingCases validation;
    int64_t revision = 0;
    /// The pseudo-labels that the labels of this revision replaced: the real masks of the
    /// run's automatic quality predictor from now on (AutoQualitySettings).
    CaseMaskFiles replacedPseudoLabels;
};

/// Where a running job looks for newer labelled sets by itself (the project, for the window
/// and the CLI alike): the service's worker polls it between steps.
class DatasetSource {
  public:
    virtual ~DatasetSource() = default;
    /// A labelled set newer than `revision`, or nullopt. Called on the worker thread, at most
    /// every TrainingJob::datasetPollSeconds. May throw: the run goes on with the labels it
    /// has and asks again at the next poll.
    virtual std::optional<DatasetUpdate> newerThan(int64_t revision) = 0;
};

/// A training run to start: settings, cases, where checkpoints go, optionally a checkpoint
/// to continue from.
struct TrainingJob {
    TrainingSettings settings;
    TrainingCases train;
    TrainingCases validation;
    std::string outputFolder;  ///< receives best.pt and latest.pt
    std::string resumeFrom;    ///< a checkpoint path, or empty for a fresh run
    /// Fine-tuning: a checkpoint whose prediction network the fresh run starts from
    /// (Trainer::loadWeights; the same network as settings.network); ignored when resuming.
    std::string initialWeights;
    int64_t datasetRevision = 0;
    AutoQualitySettings quality;
    /// Polled for newer revisions while the run trains (none: only updateDataset() changes
    /// the labelled set).
    std::shared_ptr<DatasetSource> datasetSource;
    double datasetPollSeconds = 5.0;
    /// The run's curve, appended step by step (TrainingMetricsFile.h); empty: none.
    std::string metricsFile;
};

/// One volume to label with the current model.
struct PredictionRequest {
    std::string id;
    std::string imagePath;
    PredictionOptions options;  ///< e.g. the region map
};

/// Labelling volumes with a saved model, without training (TrainingService::startPrediction).
struct PredictionJob {
    std::string checkpointPath;  ///< best.pt or latest.pt of a run
    std::string device = "auto";
    std::vector<PredictionRequest> requests;
};

/// Receives the service's events, on the service's worker thread: a GUI hands them over to its
/// own thread (queued signals); the CLI prints them. Keep the handlers short.
class TrainingListener {
  public:
    virtual ~TrainingListener() = default;
    virtual void onStep(const StepReport&) {}
    /// The step ran out of memory and goes on with a lowered load (before that step's onStep).
    virtual void onMemoryReduced(const MemoryReduction&) {}
    virtual void onValidation(const ValidationReport&) {}
    virtual void onCheckpoint(const std::string& /*path*/, bool /*best*/) {}
    virtual void onDatasetRevision(int64_t /*revision*/) {}
    /// The worker has finished its step and is now holding still until resume() or stop().
    virtual void onPaused() {}
    virtual void onPrediction(const PredictionRequest&, const Prediction&) {}
    virtual void onPredictionFailed(const PredictionRequest&, const std::string& /*error*/) {}
    /// A startPrediction() job ended: `done` volumes predicted (failures included), `stopped`
    /// when stop() cut it short, `error` when the model could not be loaded.
    virtual void onPredictionJobFinished(size_t /*done*/, bool /*stopped*/,
                                         const std::string& /*error*/) {}
    /// A step of the automatic quality predictor training after the run.
    virtual void onQualityStep(const QualityTrainingProgress&) {}
    virtual void onFinished(const TrainingOutcome&) {}
};

/// Runs training in the background: owns LibTorch on one worker thread and takes commands from
/// any thread (start, pause, resume, stop, predict, new dataset revision), which the worker
/// applies between steps, so stop is honoured within one step. One run at a time: a second
/// start() while one runs is refused with a message. The destructor stops and joins.
class TrainingService {
  public:
    /// `priority` applies to every run's worker thread (WorkerPriority).
    explicit TrainingService(TrainingListener& listener,
                             WorkerPriority priority = WorkerPriority::Normal);
    ~TrainingService();
    TrainingService(const TrainingService&) = delete;
    TrainingService& operator=(const TrainingService&) = delete;

    /// Starts `job` on the worker thread. Returns false, with `refusal` set, when a run is
    /// already active.
    bool start(const TrainingJob& job, std::string* refusal = nullptr);
    /// Starts labelling `job.requests` with a saved model on the worker thread (events:
    /// onPrediction / onPredictionFailed per volume, then onPredictionJobFinished); stop()
    /// cancels after the current volume. Refused, like start(), while anything runs.
    bool startPrediction(const PredictionJob& job, std::string* refusal = nullptr);
    void pause();
    void resume();
    /// Asks the run to stop after the current step; it writes latest.pt and reports Stopped.
    void stop();
    /// Labels these volumes with the current model between steps (or at once when paused);
    /// results arrive through onPrediction.
    void predict(const std::vector<PredictionRequest>& requests);
    /// A new labelled set (e.g. a saved correction): used from the next step on, and by the
    /// quality predictor trained at the end of the run.
    void updateDataset(DatasetUpdate update);

    bool running() const;
    bool paused() const;
    /// Blocks until the current run (if any) has finished.
    void wait();

  private:
    bool claimWorker(std::string* refusal);
    void run(TrainingJob job);
    void runPrediction(PredictionJob job);
    void predictAll(SegmentationModel& model, const std::vector<PredictionRequest>& requests,
                    bool stoppable, size_t* done);
    void markIdle();
    struct Commands;
    TrainingListener& listener_;
    WorkerPriority priority_;
    std::unique_ptr<Commands> commands_;
    std::thread worker_;
};

}  // namespace segloop
