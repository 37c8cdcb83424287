#include "workflow/TrainingResume.h"

#include <filesystem>
#include <vector>

#include "core/Error.h"
#include "learning/inference/ModelExport.h"
#include "learning/training/Trainer.h"
#include "storage/DataFiles.h"
#include "storage/Project.h"
#include "storage/db/Statement.h"
#include "workflow/TrainingRunRecording.h"
#include "workflow/TrainingSession.h"

namespace segloop {
namespace {

std::string projectRelative(const Project& project, const std::string& path) {
    const std::string folder = project.layout().folder + "/";
    return path.compare(0, folder.size(), folder) == 0 ? path.substr(folder.size()) : path;
}

/// The run's complete checkpoint with the highest iteration, or nullopt.
std::optional<std::pair<std::string, int64_t>> newestCheckpoint(const std::string& runFolder) {
    std::optional<std::pair<std::string, int64_t>> newest;
    for (const char* name : {"latest.pt", "best.pt"}) {
        const std::string path = runFolder + "/" + name;
        std::error_code error;
        if (!std::filesystem::is_regular_file(path, error)) {
            continue;
        }
        try {
            const int64_t iteration = checkpointIteration(path);
            if (!newest || iteration > newest->second) {
                newest = std::make_pair(path, iteration);
            }
        } catch (const std::exception&) {
            // Not a complete training checkpoint: never resumed from.
        }
    }
    return newest;
}

}  // namespace

void recordTrainingCheckpoint(Project& project, int64_t runId, const std::string& checkpointPath,
                              int64_t iteration) {
    Statement(project.database(),
              "UPDATE training_runs SET parameters_json = json_set(parameters_json, "
              "'$.checkpoint', ?, '$.checkpoint_iteration', ?) WHERE id = ?")
        .bindAll(projectRelative(project, checkpointPath), iteration, runId)
        .run();
}

void recordTrainingSessionOptions(Project& project, int64_t runId,
                                  const TrainingSessionOptions& options) {
    Statement(project.database(),
              "UPDATE training_runs SET parameters_json = json_set(parameters_json, '$.options', "
              "json_object('labelled_limit', ?, 'accepted_labels_train', ?, 'quality', ?, "
              "'quality_iterations', ?, 'quality_min_cases', ?)) WHERE id = ?")
        .bindAll(static_cast<int64_t>(options.labelledLimit), int64_t{options.acceptedLabelsTrain},
                 int64_t{options.quality.enabled}, options.quality.iterations,
                 static_cast<int64_t>(options.quality.minimumLabelledCases), runId)
        .run();
}

TrainingSessionOptions storedTrainingSessionOptions(Project& project, int64_t runId) {
    TrainingSessionOptions options;
    Statement statement(project.database(),
                        "SELECT json_extract(parameters_json, '$.options.labelled_limit'), "
                        "json_extract(parameters_json, '$.options.accepted_labels_train'), "
                        "json_extract(parameters_json, '$.options.quality'), "
                        "json_extract(parameters_json, '$.options.quality_iterations'), "
                        "json_extract(parameters_json, '$.options.quality_min_cases') "
                        "FROM training_runs WHERE id = ?");
    statement.bindAll(runId);
    if (!statement.step()) {
        throw Error("training run " + std::to_string(runId), "no such training run in the project");
    }
    options.labelledLimit = size_t(statement.columnOptionalInt64(0).value_or(0));
    options.acceptedLabelsTrain = statement.columnOptionalInt64(1).value_or(1) != 0;
    options.quality.enabled = statement.columnOptionalInt64(2).value_or(1) != 0;
    options.quality.iterations =
        statement.columnOptionalInt64(3).value_or(options.quality.iterations);
    options.quality.minimumLabelledCases = size_t(
        statement.columnOptionalInt64(4).value_or(int64_t(options.quality.minimumLabelledCases)));
    return options;
}

std::optional<ResumableTrainingRun> findResumableTrainingRun(Project& project,
                                                             std::string* whyNone) {
    std::vector<std::pair<int64_t, std::string>> candidates;  // newest first
    {
        Statement statement(project.database(),
                            "SELECT id, status FROM training_runs WHERE status IN "
                            "('running', 'paused', 'cancelled') ORDER BY id DESC");
        while (statement.step()) {
            candidates.emplace_back(statement.columnInt64(0), statement.columnText(1));
        }
    }
    std::string notes;
    for (const auto& [runId, status] : candidates) {
        const std::string folder = trainingRunFolder(project, runId);
        const std::string subject = "run " + std::to_string(runId) + " (" + status + ")";
        std::error_code error;
        if (!std::filesystem::is_directory(folder, error)) {
            notes += "; " + subject + " wrote no checkpoint";
            continue;
        }
        if (!FolderLock::tryExclusive(folder).exclusive()) {
            notes += "; " + subject + " is training in another process";
            continue;
        }
        const auto checkpoint = newestCheckpoint(folder);
        if (!checkpoint) {
            notes += "; " + subject + " was interrupted before its first checkpoint";
            continue;
        }
        ResumableTrainingRun run;
        run.runId = runId;
        run.status = status;
        run.checkpointPath = checkpoint->first;
        run.checkpointIteration = checkpoint->second;
        run.iterations = checkpointSettings(checkpoint->first).iterations;
        if (status == "cancelled" && run.checkpointIteration >= run.iterations) {
            notes += "; " + subject + " had done all its iterations";
            continue;
        }
        return run;
    }
    if (whyNone != nullptr) {
        *whyNone =
            "no interrupted training run to resume (runs that stopped early or whose "
            "process died, with a checkpoint)" +
            (notes.empty() ? std::string() : ": " + notes.substr(2)) +
            "; start a new one with segloop-cli train";
    }
    return std::nullopt;
}

FolderLock claimTrainingRunFolder(const std::string& runFolder) {
    data_files::ensureFolder(runFolder);
    FolderLock lock = FolderLock::tryExclusive(runFolder);
    if (!lock.exclusive()) {
        throw Error(runFolder, "another process is training this run");
    }
    return lock;
}

}  // namespace segloop
