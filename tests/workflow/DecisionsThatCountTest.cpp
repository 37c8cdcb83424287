// Decisions that count: the label of record (newest human, corrected or accepted version, never
// a pseudo-label), accept / reject / release, revert, and what training and listing see.

#include <gtest/gtest.h>

#include "core/Error.h"
#include "storage/db/Database.h"
#include "workflow/LabelEdits.h"
#include "workflow/ProjectDataset.h"
#include "workflow/ReviewDecisions.h"
#include "workflow/ReviewQueue.h"
#include "workflow/WorkflowTestSupport.h"

namespace segloop {
namespace {

using test::WorkflowProjectTest;

std::vector<int64_t> labelledCases(Project& project, bool acceptedLabelsTrain = true) {
    std::vector<int64_t> ids;
    for (const TrainingCase& c : readProjectDataset(project, acceptedLabelsTrain).cases) {
        if (c.labelled())
            ids.push_back(volumeIdOfCase(c));
    }
    return ids;
}

int64_t auditCount(Project& project, const std::string& action) {
    int64_t count = 0;
    for (const AuditEntry& entry : project.auditLog().latest(1000))
        count += entry.action == action;
    return count;
}

TEST_F(WorkflowProjectTest, APseudoLabelNeverShadowsTheLabelOfRecord) {
    const int64_t human = addLabel(volumes[0], LabelProvenance::Human);
    const int64_t pseudoOnLabelled = addLabel(volumes[0], LabelProvenance::Pseudo);
    const int64_t pseudo = addLabel(volumes[1], LabelProvenance::Pseudo);
    EXPECT_EQ(project.labels().labelOfRecord(volumes[0])->id, human);
    EXPECT_EQ(project.labels().latestForVolume(volumes[0])->id, pseudoOnLabelled);
    EXPECT_EQ(project.labels().labelToShow(volumes[0])->id, human);
    EXPECT_FALSE(project.labels().labelOfRecord(volumes[1]).has_value());
    EXPECT_EQ(project.labels().labelToShow(volumes[1])->id, pseudo);

    const std::vector<VolumeRecord> listed = project.volumes().list();
    EXPECT_EQ(listed[0].labelStatus, LabelProvenance::Human);
    EXPECT_EQ(listed[0].labelOfRecordId, human);
    EXPECT_FALSE(listed[0].pendingPseudoLabelId.has_value());
    EXPECT_EQ(listed[1].labelStatus, LabelProvenance::Pseudo);
    EXPECT_EQ(listed[1].pendingPseudoLabelId, pseudo);
    EXPECT_FALSE(listed[2].labelStatus.has_value());

    const ProjectSummary summary = project.summary();
    EXPECT_EQ(summary.volumesHuman, 1);
    EXPECT_EQ(summary.volumesPseudo, 1);
    EXPECT_EQ(summary.volumesUnlabelled, 2);

    EXPECT_EQ(labelledCases(project), (std::vector<int64_t>{volumes[0]}));
    // Only volume 1's pseudo-label waits for review: volume 0 has a label of record.
    const auto queue = openReviewCandidates(project, qualityModel);
    ASSERT_EQ(queue.size(), 1u);
    EXPECT_EQ(queue[0].volumeId, volumes[1]);
}

TEST_F(WorkflowProjectTest, AcceptMakesTheLabelOfRecordAndTrainsUnlessTurnedOff) {
    const int64_t pseudo = addLabel(volumes[1], LabelProvenance::Pseudo);
    const int64_t revision = project.settings().datasetRevision();
    const int64_t accepted = acceptPseudoLabel(project, volumes[1], "alice");
    const LabelVersionRecord record = project.labels().get(accepted);
    EXPECT_EQ(record.provenance, LabelProvenance::Accepted);
    EXPECT_EQ(record.parentId, pseudo);
    EXPECT_EQ(record.author, "alice");
    EXPECT_EQ(project.labels().load(accepted).labels, project.labels().load(pseudo).labels);
    EXPECT_GT(project.settings().datasetRevision(), revision) << "a running trainer sees it";
    EXPECT_EQ(project.labels().labelOfRecord(volumes[1])->id, accepted);
    EXPECT_EQ(project.reviews().find(volumes[1])->state, ReviewState::Accepted);
    EXPECT_EQ(project.summary().volumesAccepted, 1);
    EXPECT_EQ(labelledCases(project), (std::vector<int64_t>{volumes[1]}));
    EXPECT_TRUE(labelledCases(project, false).empty());
    EXPECT_TRUE(openReviewCandidates(project, qualityModel).empty());
    EXPECT_EQ(auditCount(project, "set review state"), 1);

    // Nothing left to decide: a second accept, or one on a volume without a pseudo-label.
    EXPECT_THROW(acceptPseudoLabel(project, volumes[1], "alice"), Error);
    try {
        acceptPseudoLabel(project, volumes[2], "alice");
        FAIL() << "accepted a volume without a pseudo-label";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("no pseudo-label"), std::string::npos);
    }
    // The schema refuses an accepted version whose parent is not given.
    NewLabelVersion orphan;
    orphan.volumeId = volumes[2];
    orphan.labelSetId = fixture.labelSetId;
    orphan.provenance = LabelProvenance::Accepted;
    EXPECT_THROW(project.labels().add(orphan, test::makeLabels(image.geometry)), Error);
}

TEST_F(WorkflowProjectTest, ARejectedPseudoLabelLeavesTheQueueUntilANewerModelPredicts) {
    const int64_t pseudo = addLabel(volumes[2], LabelProvenance::Pseudo);
    rejectPseudoLabel(project, volumes[2], "bob");
    EXPECT_EQ(project.reviews().find(volumes[2])->state, ReviewState::Rejected);
    EXPECT_EQ(project.reviews().find(volumes[2])->labelVersionId, pseudo);
    EXPECT_TRUE(openReviewCandidates(project, qualityModel).empty());
    EXPECT_TRUE(labelledCases(project).empty());
    const int64_t newer = addLabel(volumes[2], LabelProvenance::Pseudo);
    const auto queue = openReviewCandidates(project, qualityModel);
    ASSERT_EQ(queue.size(), 1u);
    EXPECT_EQ(queue[0].labelVersionId, newer);
}

TEST_F(WorkflowProjectTest, ACaseIsReleasedByItsReviewerOrAfterTheReleaseTime) {
    addLabel(volumes[0], LabelProvenance::Pseudo);
    addLabel(volumes[1], LabelProvenance::Pseudo);
    const auto queue = openReviewCandidates(project, qualityModel);
    ASSERT_EQ(takeForReview(project, queue, 2, "alice").size(), 2u);
    EXPECT_THROW(releaseCase(project, volumes[0], "bob"), Error) << "only alice can";
    EXPECT_THROW(acceptPseudoLabel(project, volumes[0], "bob"), Error) << "alice has it";
    releaseCase(project, volumes[0], "alice");
    EXPECT_EQ(project.reviews().find(volumes[0])->state, ReviewState::Pending);
    EXPECT_THROW(releaseCase(project, volumes[0], "alice"), Error) << "not taken any more";

    const ReviewQueueCases mine = readReviewQueueCases(project, "alice");
    EXPECT_EQ(mine.takenByReviewer, (std::set<int64_t>{volumes[1]}));

    // Untouched for longer than the release time: back in the queue at the next read.
    EXPECT_EQ(reviewReleaseMinutes(project), kDefaultReviewReleaseMinutes);
    EXPECT_TRUE(releaseStaleReviews(project).empty()) << "taken just now";
    project.database().execute(
        "UPDATE review_state SET updated_at = '2020-01-01T00:00:00.000Z' WHERE state = "
        "'in_review'");
    project.settings().set("review_release_minutes", "30");
    EXPECT_EQ(openReviewCandidates(project, qualityModel).size(), 2u);
    EXPECT_EQ(project.reviews().find(volumes[1])->state, ReviewState::Pending);
    project.settings().set("review_release_minutes", "soon");
    EXPECT_THROW(reviewReleaseMinutes(project), Error);
}

TEST_F(WorkflowProjectTest, EditsCorrectAndRevertCopiesAnOlderVersion) {
    const int64_t human = addLabel(volumes[0], LabelProvenance::Human);
    const int64_t pseudo = addLabel(volumes[1], LabelProvenance::Pseudo);
    ASSERT_EQ(
        takeForReview(project, openReviewCandidates(project, qualityModel), 1, "alice").size(), 1u);
    project.setUserName("alice");
    const LabelMap edited = test::makeLabels(image.geometry, 1);
    const int64_t corrected =
        saveLabelEdit(project, volumes[1], fixture.labelSetId, edited, pseudo);
    EXPECT_EQ(project.labels().get(corrected).provenance, LabelProvenance::Corrected);
    EXPECT_EQ(project.reviews().find(volumes[1])->state, ReviewState::Corrected);
    const int64_t humanEdit = saveLabelEdit(project, volumes[0], fixture.labelSetId, edited, human);
    EXPECT_EQ(project.labels().get(humanEdit).provenance, LabelProvenance::Human);

    const std::vector<LabelHistoryEntry> history = labelHistory(project, volumes[1]);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].modelName, "segmentation v1");
    EXPECT_FALSE(history[0].labelOfRecord);
    EXPECT_TRUE(history[1].labelOfRecord);
    // The edit turned every class-2 voxel into class 1.
    const LabelMap original = test::makeLabels(image.geometry);
    int64_t expected = 0;
    for (size_t n = 0; n < original.labels.size(); ++n)
        expected += original.labels[n] != edited.labels[n];
    EXPECT_EQ(history[1].voxelsChanged, expected);
    EXPECT_GT(expected, 0);

    const int64_t reverted = revertToVersion(project, pseudo);
    const LabelVersionRecord record = project.labels().get(reverted);
    EXPECT_EQ(record.provenance, LabelProvenance::Accepted);
    EXPECT_EQ(record.parentId, pseudo);
    EXPECT_EQ(project.labels().labelOfRecord(volumes[1])->id, reverted);
    EXPECT_EQ(project.labels().load(reverted).labels, original.labels);
    const int64_t back = revertToVersion(project, human);
    EXPECT_EQ(project.labels().get(back).provenance, LabelProvenance::Human);
    EXPECT_EQ(project.labels().load(back).labels, original.labels);
    EXPECT_EQ(auditCount(project, "revert label"), 2);
}

}  // namespace
}  // namespace segloop
