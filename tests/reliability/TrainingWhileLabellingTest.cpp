// Races (issue 30): the training service runs a project's training session on its worker
// thread (which polls the project through its own connection) while this thread saves labels,
// records quality scores and reads the dataset and the review queue on the same project. The
// run must pick the saved labels up at their revision and go on training. Run under
// ThreadSanitizer by scripts/test.sh --tsan.
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/io/NiftiReader.h"
#include "learning/training/TrainingService.h"
#include "storage/Project.h"
#include "storage/ProjectImporter.h"
#include "support/TestPaths.h"
#include "workflow/ProjectDataset.h"
#include "workflow/ReviewQueue.h"
#include "workflow/TrainingSession.h"

namespace segloop {
namespace {

std::string hippocampus(const std::string& folder, const std::string& number) {
    return test::testDataDir() + "/hippocampus/" + folder + "/hippocampus_" + number + ".nii.gz";
}

/// Records the worker's steps, revisions and outcome; lets the test wait for them.
class RevisionListener : public TrainingListener {
  public:
    void onStep(const StepReport&) override {
        std::lock_guard<std::mutex> lock(mutex_);
        ++steps_;
        changed_.notify_all();
    }
    void onDatasetRevision(int64_t revision) override {
        std::lock_guard<std::mutex> lock(mutex_);
        revisions_.push_back(revision);
        stepsAtRevision_ = steps_;
        changed_.notify_all();
    }
    void onFinished(const TrainingOutcome& outcome) override {
        std::lock_guard<std::mutex> lock(mutex_);
        outcome_ = outcome;
        finished_ = true;
        changed_.notify_all();
    }
    /// Waits for `count` steps in all, or the end of the run.
    void waitForSteps(int64_t count) {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return steps_ >= count || finished_; });
    }
    /// Waits until the worker reports `revision` (or a later one), or the end of the run.
    void waitForRevision(int64_t revision) {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] {
            return finished_ || (!revisions_.empty() && revisions_.back() >= revision);
        });
    }
    int64_t steps() {
        std::lock_guard<std::mutex> lock(mutex_);
        return steps_;
    }
    int64_t stepsAtRevision() {
        std::lock_guard<std::mutex> lock(mutex_);
        return stepsAtRevision_;
    }
    std::vector<int64_t> revisions() {
        std::lock_guard<std::mutex> lock(mutex_);
        return revisions_;
    }
    TrainingOutcome outcome() {
        std::lock_guard<std::mutex> lock(mutex_);
        return outcome_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    int64_t steps_ = 0;
    int64_t stepsAtRevision_ = 0;
    std::vector<int64_t> revisions_;
    TrainingOutcome outcome_;
    bool finished_ = false;
};

TEST(TrainingWhileLabelling, TheRunFollowsLabelsSavedScoredAndReadMeanwhile) {
    test::TempDir temp;
    Project project = Project::create(temp.file("project"));
    const int64_t labelSet = project.labelSets().create(
        "labels",
        {LabelClass{1, "anterior", {255, 0, 0}}, LabelClass{2, "posterior", {0, 255, 0}}});
    ImportRequest labelled;
    labelled.inputs = {hippocampus("imagesTr", "001"), hippocampus("imagesTr", "003")};
    labelled.labelsFolder = test::testDataDir() + "/hippocampus/labelsTr";
    importIntoProject(project, labelled);
    ImportRequest unlabelled;
    unlabelled.inputs = {hippocampus("imagesTr", "004"), hippocampus("imagesTr", "006")};
    const ImportReport open = importIntoProject(project, unlabelled);

    TrainingSessionOptions options;
    options.settings.method = "mean-teacher";
    options.settings.iterations = 100000;  // stopped by the test
    options.settings.network.baseChannels = 4;
    options.settings.network.levels = 3;
    options.settings.sampler.patchSize = {16, 16, 16};
    options.settings.validationInterval = 0;
    options.settings.checkpointInterval = 0;
    options.settings.device = "cpu";
    // One LibTorch thread: its OpenMP pool is not instrumented, and ThreadSanitizer would take
    // the pool's hand-offs for races (tests/sanitizers/tsan.supp).
    options.settings.threads = 1;
    options.quality.enabled = false;
    options.revisionPollSeconds = 0.05;
    const TrainingSession session = TrainingSession::prepare(project, options);
    const int64_t startRevision = session.job().datasetRevision;

    RevisionListener listener;
    TrainingService service(listener);
    ASSERT_TRUE(service.start(session.job()));
    listener.waitForSteps(1);

    // Meanwhile, on this thread: pseudo-labels saved and scored, the dataset and the queue read,
    // three times over, then a correction of each open case.
    ModelRecord segmentation;
    segmentation.name = "segmentation";
    segmentation.method = "mean-teacher";
    const int64_t segmentationModel = project.models().add(segmentation);
    ModelRecord quality;
    quality.name = "quality";
    quality.method = "quality-predictor";
    const int64_t qualityModel = project.models().add(quality);
    std::vector<int64_t> pseudoIds(open.imported.size());
    for (int round = 0; round < 3; ++round) {
        for (size_t n = 0; n < open.imported.size(); ++n) {
            const int64_t volumeId = open.imported[n].volumeId;
            NewLabelVersion pseudo;
            pseudo.volumeId = volumeId;
            pseudo.labelSetId = labelSet;
            pseudo.provenance = LabelProvenance::Pseudo;
            pseudo.modelId = segmentationModel;
            LabelMap labels = readNiftiLabelMap(hippocampus("labelsTr", n == 0 ? "004" : "006"));
            labels.geometry = project.volumes().get(volumeId).geometry;
            pseudoIds[n] = project.labels().add(pseudo, labels);
            QualityScoreRecord score;
            score.labelVersionId = pseudoIds[n];
            score.modelId = qualityModel;
            score.predictedQuality = 0.5 + 0.1 * double(round);
            score.segmentationModelId = segmentationModel;
            project.qualityScores().record(score);
        }
        EXPECT_EQ(readProjectDataset(project).cases.size(), 4u);
        EXPECT_EQ(openReviewCandidates(project, qualityModel).size(), open.imported.size());
    }
    for (size_t n = 0; n < open.imported.size(); ++n) {
        NewLabelVersion correction;
        correction.volumeId = open.imported[n].volumeId;
        correction.labelSetId = labelSet;
        correction.provenance = LabelProvenance::Corrected;
        correction.parentId = pseudoIds[n];
        correction.author = "alice";
        project.labels().add(correction, project.labels().load(pseudoIds[n]));
    }
    const ProjectDataset saved = readProjectDataset(project);
    EXPECT_GT(saved.revision, startRevision);
    EXPECT_TRUE(openReviewCandidates(project, qualityModel).empty());

    // The worker picks the corrections up at their revision and goes on training.
    listener.waitForRevision(saved.revision);
    listener.waitForSteps(listener.stepsAtRevision() + 2);
    service.stop();
    service.wait();
    const TrainingOutcome outcome = listener.outcome();
    EXPECT_EQ(outcome.status, TrainingOutcome::Status::Stopped) << outcome.message;
    ASSERT_FALSE(listener.revisions().empty());
    EXPECT_EQ(listener.revisions().back(), saved.revision);
    EXPECT_GE(listener.steps(), listener.stepsAtRevision() + 2);
    session.finish(project, outcome);
    EXPECT_EQ(project.trainingRuns().list().size(), 1u);
}

}  // namespace
}  // namespace segloop
