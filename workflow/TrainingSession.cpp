#include "workflow/TrainingSession.h"

#include "core/Error.h"
#include "learning/data/PatchPlanning.h"
#include "learning/inference/ModelExport.h"
#include "learning/settings/SettingsSchema.h"
#include "learning/settings/SettingsText.h"
#include "learning/training/TrainingMetricsFile.h"
#include "storage/Project.h"
#include "workflow/ProjectDataset.h"
#include "workflow/ProjectLabelSet.h"
#include "workflow/TrainingCaseSplit.h"

namespace segloop {
namespace {

/// The patch for a run on `cases` when the user named none: planned from the labelled
/// volumes' sizes (plannedPatchSize), aligned to what `network` pools.
std::array<int64_t, 3> patchForCases(Project& project, const TrainingCases& cases,
                                     const NetworkConfig& network) {
    std::vector<std::array<int64_t, 3>> sizes;
    for (const TrainingCase& labelled : cases) {
        if (labelled.labelled())
            sizes.push_back(project.volumes().get(volumeIdOfCase(labelled)).geometry.size);
    }
    const int64_t pooled = int64_t{1} << std::max<int64_t>(network.levels - 1, 0);
    const int64_t zAlignment = network.architecture == "unet2d" ? 1 : pooled;
    return plannedPatchSize(sizes, {pooled, pooled, zAlignment});
}

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

/// The checkpoint of the initial model for fine-tuning; its network, normalisation and patch
/// go into `settings`. Error when its classes differ from the project's (settings.network
/// .classes) or its network from the one the user chose.
std::string initialWeights(Project& project, const TrainingSessionOptions& options,
                           TrainingSettings& settings) {
    const ModelRecord model = project.models().get(*options.initialModelId);
    const std::string subject = "model " + std::to_string(model.id);
    if (model.name == "quality" || model.dataPath.empty())
        throw Error(subject, "is no segmentation model with weights to start training from");
    const std::string path = project.layout().absolute(model.dataPath);
    const TrainingSettings trained = checkpointSettings(path);
    if (trained.network.classes != settings.network.classes) {
        throw Error(subject, "predicts " + std::to_string(trained.network.classes) +
                                 " classes (background included), the project has " +
                                 std::to_string(settings.network.classes) +
                                 ": fine-tuning needs the same classes");
    }
    NetworkConfig chosen = trained.network;
    chosen.architecture = settings.network.architecture;
    chosen.baseChannels = settings.network.baseChannels;
    chosen.levels = settings.network.levels;
    const std::string difference = networkDifference(trained.network, chosen);
    if (options.networkChosen && !difference.empty()) {
        throw Error(subject, "has another network than the one asked for (" + difference +
                                 "): leave --network, --base-channels and --levels out to "
                                 "fine-tune it");
    }
    settings.network = trained.network;
    settings.normalisation = trained.normalisation;
    if (!options.patchChosen)
        settings.sampler.patchSize = trained.sampler.patchSize;
    return path;
}

/// The job's cases, revision, quality-predictor set-up and dataset source, from `cases`.
void addCases(TrainingJob& job, DatasetUpdate cases, Project& project,
              const TrainingSessionOptions& options) {
    job.train = std::move(cases.train);
    job.validation = std::move(cases.validation);
    job.datasetRevision = cases.revision;
    job.quality = options.quality;
    job.quality.replacedPseudoLabels = std::move(cases.replacedPseudoLabels);
    job.datasetPollSeconds = options.revisionPollSeconds;
    job.datasetSource = projectDatasetSource(project.layout().folder, options);
}

/// The job's output folder and metrics file: those of run `runId`.
void placeRun(TrainingJob& job, Project& project, int64_t runId) {
    job.outputFolder = trainingRunFolder(project, runId);
    job.metricsFile = job.outputFolder + "/" + kTrainingMetricsFileName;
}

}  // namespace

TrainingSession TrainingSession::prepare(Project& project, TrainingSessionOptions options) {
    TrainingSettings& settings = options.settings;
    settings.network.classes = projectClassCount(project);
    checkTrainingSettings(settings, "training settings");  // before the run is recorded
    const std::string initial =
        options.initialModelId ? initialWeights(project, options, settings) : "";
    DatasetUpdate cases = readUpdate(project, options);
    if (cases.validation.empty()) {
        throw Error(project.layout().folder,
                    "no volume has a label of record yet (human, corrected or accepted): label "
                    "one first");
    }
    // A patch other than the engine's default came with the settings (a saved run's, a
    // caller's) and is kept like a chosen one; otherwise it is planned from the data.
    const bool defaultPatch = settings.sampler.patchSize == PatchSamplerSettings{}.patchSize;
    if (!options.patchChosen && !options.initialModelId && defaultPatch) {
        TrainingCases labelled = cases.train;
        labelled.insert(labelled.end(), cases.validation.begin(), cases.validation.end());
        settings.sampler.patchSize = patchForCases(project, labelled, settings.network);
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
    job.initialWeights = initial;
    addCases(job, std::move(cases), project, options);
    session.runId_ = recordTrainingRunStart(project, settings.method, settingsToText(settings),
                                            job.datasetRevision, options.initialModelId);
    placeRun(job, project, session.runId_);
    recordTrainingSessionOptions(project, session.runId_, options);
    return session;
}

TrainingSession TrainingSession::resume(Project& project, const ResumableTrainingRun& run) {
    const TrainingSessionOptions options = storedTrainingSessionOptions(project, run.runId);
    DatasetUpdate cases = readUpdate(project, options);
    if (cases.validation.empty()) {
        throw Error(project.layout().folder,
                    "no volume has a label of record any more: training run " +
                        std::to_string(run.runId) + " cannot go on");
    }
    TrainingSession session;
    TrainingJob& job = session.job_;
    job.settings = checkpointSettings(run.checkpointPath);
    job.resumeFrom = run.checkpointPath;
    addCases(job, std::move(cases), project, options);
    session.runId_ = run.runId;
    placeRun(job, project, run.runId);
    project.trainingRuns().setStatus(
        run.runId, TrainingStatus::Running,
        "resumed from iteration " + std::to_string(run.checkpointIteration));
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
