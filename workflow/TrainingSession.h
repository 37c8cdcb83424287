#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "learning/training/TrainingService.h"
#include "workflow/TrainingResume.h"
#include "workflow/TrainingRunRecording.h"

namespace segloop {

class Project;

/// What a user chooses for a training run (the CLI's options, the window's training panel).
struct TrainingSessionOptions {
    TrainingSettings settings;  ///< network.classes is set from the project's label set
    /// Only the first N labelled volumes keep their labels (0: all); see splitTrainingCases.
    size_t labelledLimit = 0;
    /// Accepted pseudo-labels count as labelled (default on; human and corrected always do).
    bool acceptedLabelsTrain = true;
    /// The quality predictor trained after a finished run; on by default in both front ends.
    AutoQualitySettings quality = [] {
        AutoQualitySettings on;
        on.enabled = true;
        return on;
    }();
    double revisionPollSeconds = 5.0;  ///< how often the running trainer looks for new labels
    /// Fine-tuning (`train --init ID`): the segmentation model whose weights the run starts
    /// from; its network, normalisation and patch size (unless patchChosen) become the run's.
    std::optional<int64_t> initialModelId;
    bool networkChosen = false;  ///< the user named a network: it must be the initial model's
    /// The user named a patch size (settings.sampler.patchSize): it is kept, as is any patch
    /// other than the engine's default. Otherwise a new run's patch is planned from the
    /// labelled volumes' sizes (plannedPatchSize), and fine-tuning keeps the initial model's.
    bool patchChosen = false;

    /// Sets networkChosen and patchChosen from the setting keys the user gave (the CLI's
    /// options and --set, the window's edits, a recorded run's settings): network.* names a
    /// network, sampler.patch_* a patch. Both front ends call it.
    void noteGivenSettings(const std::vector<std::string>& keys) {
        for (const std::string& key : keys) {
            networkChosen = networkChosen || key.rfind("network.", 0) == 0;
            patchChosen = patchChosen || key.rfind("sampler.patch_", 0) == 0;
        }
    }
};

/// One training run of a project, from job to record, for both front ends: prepare() builds
/// the job from the project (class count, the case split, the quality predictor of
/// quality-guided training, the pseudo-labels corrections replaced), records the run as
/// started and names its folder (data/models/run-N); the job follows the project's dataset
/// revision by itself (a DatasetSource the training service polls on its worker, with its own
/// connection); finish() records the outcome (models, status). Plain value; any thread that
/// owns the Project it is given.
class TrainingSession {
  public:
    /// Throws Error with a message for the user when nothing is labelled, quality-guided
    /// training has no quality predictor, or the initial model's classes or network differ
    /// from the project's or the chosen ones; nothing is recorded then.
    static TrainingSession prepare(Project& project, TrainingSessionOptions options);
    /// Continues an interrupted run (findResumableTrainingRun, TrainingResume.h) from its
    /// checkpoint: the same run id, folder, settings (from the checkpoint) and session options
    /// (as prepare() recorded them), the project's current labelled set. Records the run as
    /// running again. Throws Error when nothing is labelled any more.
    static TrainingSession resume(Project& project, const ResumableTrainingRun& run);

    const TrainingJob& job() const { return job_; }
    int64_t runId() const { return runId_; }
    const std::string& method() const { return job_.settings.method; }
    /// Records how the run ended (see recordTrainingOutcome).
    RecordedTrainingModels finish(Project& project, const TrainingOutcome& outcome) const;
    /// Records that the service refused to start it.
    void refused(Project& project, const std::string& why) const;

  private:
    TrainingJob job_;
    int64_t runId_ = 0;
};

/// The project as a DatasetSource: opens its own connection on first use (on the training
/// worker), reads the dataset again when the revision moved, split and replaced pseudo-labels
/// as prepare() made them.
std::shared_ptr<DatasetSource> projectDatasetSource(const std::string& projectFolder,
                                                    const TrainingSessionOptions& options);

}  // namespace segloop
