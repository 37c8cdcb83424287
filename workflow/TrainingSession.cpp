#include "workflow/TrainingSession.h"

#include "core/Error.h"
#include "core/learning/training/SettingsText.h"
#include "storage/Project.h"
#include "workflow/ProjectDataset.h"
#include "workflow/ProjectLabelSet.h"
#include "workflow/TrainingCaseSplit.h"

namespace segloop {
namespace {

/// Reads the project's dataset as the options ask and splits it into `update`.
DatasetUpdate readUpdate(Project& project, const TrainingSessionOptions& options) {
    const ProjectDataset dataset = readProjectDataset(project, options.acceptedLabelsTrain);
    DatasetUpdate update;
    splitTrainingCases(dataset.cases, options.labelledLimit, update.train, update.validation);
    update.revision = dataset.revision;
    if (options.quality.enabled)
        update.replacedPseudoLabels = replacedPseudoLabels(project, dataset.cases);
    return update;
}

class ProjectDatasetSource final : public DatasetSource {
  public:
    ProjectDatasetSource(std::string folder, TrainingSessionOptions options)
        : folder_(std::move(folder)), options_(std::move(options)) {}

    std::optional<DatasetUpdate> newerThan(int64_t revision) override {
        if (!project_)
            project_ = std::make_unique<Project>(Project::open(folder_));
        if (project_->settings().datasetRevision() == revision)
            return std::nullopt;
        return readUpdate(*project_, options_);
    }

  private:
    std::string folder_;
    TrainingSessionOptions options_;
    std::unique_ptr<Project> project_;  ///< the worker thread's own connection
};

}  // namespace

TrainingSession TrainingSession::prepare(Project& project, TrainingSessionOptions options) {
    TrainingSettings& settings = options.settings;
    settings.network.classes = projectClassCount(project);
    DatasetUpdate cases = readUpdate(project, options);
    if (cases.validation.empty()) {
        throw Error(project.layout().folder,
                    "no volume has a label of record yet (human, corrected or accepted): label "
                    "one first");
    }
    if (settings.method == "quality-guided" && settings.methodSettings.qualityModelPath.empty()) {
        const std::optional<std::string> quality = latestQualityModelPath(project);
        if (!quality) {
            throw Error(project.layout().folder,
                        "has no quality predictor for quality-guided training (train one with "
                        "segloop-cli train-quality or the window's Train quality predictor, or "
                        "finish a training run with 3+ labelled volumes first)");
        }
        settings.methodSettings.qualityModelPath = *quality;
    }
    TrainingSession session;
    TrainingJob& job = session.job_;
    job.settings = settings;
    job.train = std::move(cases.train);
    job.validation = std::move(cases.validation);
    job.datasetRevision = cases.revision;
    job.quality = options.quality;
    job.quality.replacedPseudoLabels = std::move(cases.replacedPseudoLabels);
    job.datasetPollSeconds = options.revisionPollSeconds;
    job.datasetSource = projectDatasetSource(project.layout().folder, options);
    session.runId_ =
        recordTrainingRunStart(project, settings.method, settingsToText(settings), cases.revision);
    job.outputFolder = trainingRunFolder(project, session.runId_);
    return session;
}

RecordedTrainingModels TrainingSession::finish(Project& project,
                                               const TrainingOutcome& outcome) const {
    return recordTrainingOutcome(project, runId_, job_.settings.method, outcome);
}

void TrainingSession::refused(Project& project, const std::string& why) const {
    project.trainingRuns().setStatus(runId_, TrainingStatus::Failed, why);
}

std::shared_ptr<DatasetSource> projectDatasetSource(const std::string& projectFolder,
                                                    const TrainingSessionOptions& options) {
    return std::make_shared<ProjectDatasetSource>(projectFolder, options);
}

}  // namespace segloop
