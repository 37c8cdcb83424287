#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/FolderLock.h"

namespace segloop {

class Project;
struct TrainingSessionOptions;

/// A training run that ended without finishing (killed, crashed, paused or stopped) and the
/// newest complete checkpoint it can go on from.
struct ResumableTrainingRun {
    int64_t runId = 0;
    std::string status;          ///< "running" (its process died), "paused" or "cancelled"
    std::string checkpointPath;  ///< absolute: the run's latest.pt (or best.pt when newer)
    int64_t checkpointIteration = 0;
    int64_t iterations = 0;  ///< the run's total (its settings)
};

/// Records on run `runId` (parameters_json: "checkpoint", "checkpoint_iteration") the newest
/// complete checkpoint it wrote; the front ends call it after each "latest" checkpoint.
void recordTrainingCheckpoint(Project& project, int64_t runId, const std::string& checkpointPath,
                              int64_t iteration);

/// Records the session options that are not in the settings text (parameters_json "options":
/// labelled limit, accepted labels, quality predictor), so that a resumed run uses the same.
void recordTrainingSessionOptions(Project& project, int64_t runId,
                                  const TrainingSessionOptions& options);
/// The options recordTrainingSessionOptions stored for run `runId` (defaults where absent).
TrainingSessionOptions storedTrainingSessionOptions(Project& project, int64_t runId);

/// The newest run with status running, paused or cancelled that no process is training (its
/// folder's lock is free, claimTrainingRunFolder) and that has a readable checkpoint: the
/// newest of its latest.pt and best.pt by iteration (both are written atomically, so the file
/// on disk is newer than or as new as the recorded one). A cancelled run counts only when it
/// stopped before its last iteration; a "running" one also at its last (killed while training
/// its quality predictor or recording). nullopt when there is none; `whyNone` then says why in
/// words for the user.
std::optional<ResumableTrainingRun> findResumableTrainingRun(Project& project,
                                                             std::string* whyNone = nullptr);

/// Marks run folder `runFolder` as being trained by this process for as long as the returned
/// lock lives (created when missing). Throws Error when another process holds it.
FolderLock claimTrainingRunFolder(const std::string& runFolder);

}  // namespace segloop
