#include "learning/training/TrainingService.h"

#include <chrono>
#include <filesystem>
#include <optional>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "learning/settings/SettingsText.h"
#include "learning/training/AutoQualityTraining.h"
#include "learning/training/CheckpointChoice.h"
#include "learning/training/OutOfMemory.h"
#include "learning/training/Trainer.h"
#include "learning/training/TrainingMetricsFile.h"

namespace segloop {
namespace {

/// Tells the listener of each load the step lowered after running out of memory, and keeps
/// the notices and the lowered settings in the outcome (the run's record).
void reportMemoryReductions(const StepReport& step, const Trainer& trainer,
                            TrainingListener& listener, TrainingOutcome& outcome) {
    for (const MemoryReduction& reduction : step.memoryReductions) {
        listener.onMemoryReduced(reduction);
        outcome.memoryNotices.push_back(reduction.message);
    }
    if (!step.memoryReductions.empty()) {
        outcome.loweredSettings = settingsToText(trainer.settings());
    }
}

}  // namespace

/// What other threads ask of the worker; guarded by `mutex`.
struct TrainingService::Commands {
    mutable std::mutex mutex;
    std::condition_variable changed;
    bool running = false;
    bool paused = false;
    bool stopRequested = false;
    std::deque<PredictionRequest> predictions;
    std::optional<DatasetUpdate> newDataset;
};

TrainingService::TrainingService(TrainingListener& listener, WorkerPriority priority)
    : listener_(listener), priority_(priority), commands_(std::make_unique<Commands>()) {}

TrainingService::~TrainingService() {
    stop();
    if (worker_.joinable()) {
        worker_.join();
    }
}

bool TrainingService::claimWorker(std::string* refusal) {
    std::unique_lock<std::mutex> lock(commands_->mutex);
    if (commands_->running) {
        if (refusal != nullptr) {
            *refusal = "a training or prediction run is already in progress; stop it first";
        }
        return false;
    }
    if (worker_.joinable()) {
        lock.unlock();
        worker_.join();  // the previous run has finished; reap its thread
        lock.lock();
    }
    commands_->running = true;
    commands_->paused = false;
    commands_->stopRequested = false;
    commands_->predictions.clear();
    commands_->newDataset.reset();
    return true;
}

bool TrainingService::start(const TrainingJob& job, std::string* refusal) {
    if (!claimWorker(refusal)) {
        return false;
    }
    worker_ = std::thread([this, job] {
        applyWorkerPriority(priority_);  // on failure the run goes on at normal priority
        run(job);
    });
    return true;
}

bool TrainingService::startPrediction(const PredictionJob& job, std::string* refusal) {
    if (!claimWorker(refusal)) {
        return false;
    }
    worker_ = std::thread([this, job] {
        applyWorkerPriority(priority_);
        runPrediction(job);
    });
    return true;
}

void TrainingService::pause() {
    std::lock_guard<std::mutex> lock(commands_->mutex);
    commands_->paused = commands_->running;
}

void TrainingService::resume() {
    std::lock_guard<std::mutex> lock(commands_->mutex);
    commands_->paused = false;
    commands_->changed.notify_all();
}

void TrainingService::stop() {
    std::lock_guard<std::mutex> lock(commands_->mutex);
    commands_->stopRequested = commands_->running;
    commands_->changed.notify_all();
}

void TrainingService::predict(const std::vector<PredictionRequest>& requests) {
    std::lock_guard<std::mutex> lock(commands_->mutex);
    commands_->predictions.insert(commands_->predictions.end(), requests.begin(), requests.end());
    commands_->changed.notify_all();
}

void TrainingService::updateDataset(DatasetUpdate update) {
    std::lock_guard<std::mutex> lock(commands_->mutex);
    commands_->newDataset = std::move(update);
}

bool TrainingService::running() const {
    std::lock_guard<std::mutex> lock(commands_->mutex);
    return commands_->running;
}

bool TrainingService::paused() const {
    std::lock_guard<std::mutex> lock(commands_->mutex);
    return commands_->paused;
}

void TrainingService::wait() {
    std::unique_lock<std::mutex> lock(commands_->mutex);
    commands_->changed.wait(lock, [this] { return !commands_->running; });
}

void TrainingService::run(TrainingJob job) {
    TrainingOutcome outcome;
    try {
        std::filesystem::create_directories(job.outputFolder);
        TrainingMetricsWriter metrics(job.metricsFile);
        std::unique_ptr<Trainer> trainer =
            job.resumeFrom.empty()
                ? std::make_unique<Trainer>(job.settings, job.train, job.validation)
                : Trainer::resume(job.resumeFrom, job.train, job.validation);
        if (job.resumeFrom.empty() && !job.initialWeights.empty())
            trainer->loadWeights(job.initialWeights);
        const TrainingSettings& settings = trainer->settings();
        outcome.latestCheckpoint = job.outputFolder + "/latest.pt";
        auto checkpoint = [&](const std::string& path, bool best) {
            trainer->saveCheckpoint(path);
            listener_.onCheckpoint(path, best);
        };
        // The newest dataset revision the run saw, for the quality predictor at its end.
        TrainingCases currentTrain = job.train;
        TrainingCases currentValidation = job.validation;
        AutoQualitySettings currentQuality = job.quality;
        bool pauseAnnounced = false;
        int64_t revision = job.datasetRevision;
        auto lastPoll = std::chrono::steady_clock::now();
        while (!trainer->finished()) {
            if (job.datasetSource && std::chrono::steady_clock::now() - lastPoll >=
                                         std::chrono::duration<double>(job.datasetPollSeconds)) {
                lastPoll = std::chrono::steady_clock::now();
                try {
                    if (std::optional<DatasetUpdate> update =
                            job.datasetSource->newerThan(revision))
                        updateDataset(std::move(*update));
                } catch (const std::exception&) {
                    // The source asks again at the next poll; the run keeps the labels it has.
                }
            }
            std::vector<PredictionRequest> predictions;
            bool announcePause = false;
            {
                std::lock_guard<std::mutex> lock(commands_->mutex);
                announcePause = commands_->paused && !commands_->stopRequested &&
                                commands_->predictions.empty() && !pauseAnnounced;
                pauseAnnounced = commands_->paused && (pauseAnnounced || announcePause);
            }
            if (announcePause) {
                listener_.onPaused();  // outside the lock: a handler may call the service
            }
            {
                std::unique_lock<std::mutex> lock(commands_->mutex);
                commands_->changed.wait(lock, [this] {
                    return !commands_->paused || commands_->stopRequested ||
                           !commands_->predictions.empty();
                });
                if (commands_->stopRequested) {
                    outcome.status = TrainingOutcome::Status::Stopped;
                    break;
                }
                if (commands_->newDataset) {
                    DatasetUpdate update = std::move(*commands_->newDataset);
                    commands_->newDataset.reset();
                    trainer->setCases(update.train, update.validation);
                    currentTrain = std::move(update.train);
                    currentValidation = std::move(update.validation);
                    currentQuality.replacedPseudoLabels = std::move(update.replacedPseudoLabels);
                    revision = update.revision;
                    listener_.onDatasetRevision(update.revision);
                }
                predictions.assign(commands_->predictions.begin(), commands_->predictions.end());
                commands_->predictions.clear();
            }
            if (!predictions.empty()) {
                size_t done = 0;
                predictAll(*trainer->currentModel(), predictions, false, &done);
                continue;  // re-check pause and stop before the next step
            }
            StepReport step;
            try {
                step = trainer->step();
            } catch (const OutOfMemoryFailure& failure) {
                // The trainer still holds the last completed step: keep it, then fail.
                std::string kept = "; the last checkpoint written is kept";
                try {
                    checkpoint(outcome.latestCheckpoint, false);
                    kept = "; progress up to step " + std::to_string(trainer->iteration()) +
                           " is saved in " + outcome.latestCheckpoint;
                } catch (const std::exception&) {
                }
                throw Error("", failure.what() + kept);
            }
            reportMemoryReductions(step, *trainer, listener_, outcome);
            metrics.step(step);
            listener_.onStep(step);
            const int64_t iteration = trainer->iteration();
            if (settings.validationInterval > 0 && !job.validation.empty() &&
                (iteration % settings.validationInterval == 0 || trainer->finished())) {
                const ValidationReport report = trainer->validate();
                metrics.validation(report);
                listener_.onValidation(report);
                outcome.lastValidationDice = report.meanDice;
                if (report.best) {
                    outcome.bestValidationDice = report.meanDice;
                    if (choosesBestCheckpoint(settings, currentValidation.size())) {
                        outcome.bestCheckpoint = job.outputFolder + "/best.pt";
                        checkpoint(outcome.bestCheckpoint, true);
                    }
                }
            }
            if (settings.checkpointInterval > 0 && iteration % settings.checkpointInterval == 0) {
                checkpoint(outcome.latestCheckpoint, false);
            }
        }
        checkpoint(outcome.latestCheckpoint, false);
        outcome.checkpointChoice =
            describeCheckpointChoice(settings, currentValidation.size(), outcome);
        metrics.close();
        outcome.iterations = trainer->iteration();
        if (outcome.status == TrainingOutcome::Status::Finished && job.quality.enabled) {
            auto onQualityStep = [this](const QualityTrainingProgress& progress) {
                listener_.onQualityStep(progress);
                std::lock_guard<std::mutex> lock(commands_->mutex);
                return !commands_->stopRequested;
            };
            try {  // a failure here must not lose the segmentation model
                trainQualityAfterRun(currentQuality, settings, currentTrain, currentValidation,
                                     job.outputFolder, onQualityStep, outcome);
            } catch (const std::exception& error) {
                outcome.qualityNote =
                    std::string("quality predictor training failed: ") + error.what();
            }
        }
    } catch (const std::exception& error) {
        outcome.status = TrainingOutcome::Status::Failed;
        outcome.message = error.what();
    }
    listener_.onFinished(outcome);
    markIdle();
}

void TrainingService::predictAll(SegmentationModel& model,
                                 const std::vector<PredictionRequest>& requests, bool stoppable,
                                 size_t* done) {
    for (const PredictionRequest& request : requests) {
        if (stoppable) {
            std::lock_guard<std::mutex> lock(commands_->mutex);
            if (commands_->stopRequested) {
                return;
            }
        }
        try {
            const Volume image = readNiftiVolume(request.imagePath);
            listener_.onPrediction(request, model.predict(image, nullptr, request.options));
        } catch (const std::exception& error) {
            listener_.onPredictionFailed(request, error.what());
        }
        ++*done;
    }
}

void TrainingService::runPrediction(PredictionJob job) {
    size_t done = 0;
    std::string error;
    try {
        const std::shared_ptr<SegmentationModel> model =
            SegmentationModel::load(job.checkpointPath, job.device);
        predictAll(*model, job.requests, true, &done);
    } catch (const std::exception& failure) {
        error = failure.what();
    }
    bool stopped = false;
    {
        std::lock_guard<std::mutex> lock(commands_->mutex);
        stopped = commands_->stopRequested && done < job.requests.size();
    }
    listener_.onPredictionJobFinished(done, stopped, error);
    markIdle();
}

void TrainingService::markIdle() {
    std::lock_guard<std::mutex> lock(commands_->mutex);
    commands_->running = false;
    commands_->paused = false;
    commands_->changed.notify_all();
}

}  // namespace segloop
