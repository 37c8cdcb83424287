// The review queue in storage: current pseudo-labels, which volumes are open for review, taking
// cases (never handed out twice), and score records that name both models.

#include <gtest/gtest.h>

#include "learning/scoring/ReviewCandidate.h"
#include "workflow/ReviewQueue.h"
#include "workflow/WorkflowTestSupport.h"

namespace segloop {
namespace {

class ReviewQueueTest : public test::WorkflowProjectTest {
  protected:
    void addScore(int64_t labelVersionId, double quality) {
        QualityScoreRecord score;
        score.labelVersionId = labelVersionId;
        score.modelId = qualityModel;
        score.segmentationModelId = segmentationModel;
        score.predictedQuality = quality;
        score.learnedQuality = quality;
        score.entropy = 1.0 - quality;
        score.epistemicUncertainty = 0.01;
        score.scoringJson = "{\"mc_passes\":10}";
        project.qualityScores().record(score);
    }

    static std::vector<int64_t> volumeIds(const std::vector<ReviewCandidate>& candidates) {
        std::vector<int64_t> ids;
        for (const ReviewCandidate& candidate : candidates) {
            ids.push_back(candidate.volumeId);
        }
        return ids;
    }
};

TEST_F(ReviewQueueTest, CurrentPseudoLabelsAreTheLatestVersionsThatArePseudo) {
    addLabel(volumes[0], LabelProvenance::Human);
    const int64_t old = addLabel(volumes[1], LabelProvenance::Pseudo);
    const int64_t newer = addLabel(volumes[1], LabelProvenance::Pseudo);
    const int64_t corrected = addLabel(volumes[2], LabelProvenance::Pseudo);
    addLabel(volumes[2], LabelProvenance::Corrected, corrected);
    const int64_t last = addLabel(volumes[3], LabelProvenance::Pseudo);
    std::vector<int64_t> ids;
    for (const LabelVersionRecord& label : project.labels().currentPseudoLabels()) {
        ids.push_back(label.id);
    }
    EXPECT_EQ(ids, (std::vector<int64_t>{newer, last})) << "not " << old << " nor " << corrected;
}

TEST_F(ReviewQueueTest, ScoresNameBothModelsAndTellWhetherToScoreAgain) {
    const int64_t label = addLabel(volumes[0], LabelProvenance::Pseudo);
    EXPECT_FALSE(project.qualityScores().isScoredWith(label, qualityModel, segmentationModel));
    addScore(label, 0.7);
    const QualityScoreRecord stored = *project.qualityScores().find(label, qualityModel);
    EXPECT_EQ(stored.segmentationModelId, segmentationModel);
    EXPECT_EQ(stored.scoringJson, "{\"mc_passes\":10}");
    EXPECT_DOUBLE_EQ(*stored.entropy, 0.3);
    EXPECT_TRUE(project.qualityScores().isScoredWith(label, qualityModel, segmentationModel));
    const int64_t otherSegmentation =
        project.models().add({0, "segmentation", 0, "sgrs", "", "", "{}"});
    EXPECT_FALSE(project.qualityScores().isScoredWith(label, qualityModel, otherSegmentation));
    // A score written before schema version 5 (no learned half) is scored again.
    QualityScoreRecord old = stored;
    old.learnedQuality.reset();
    project.qualityScores().record(old);
    EXPECT_FALSE(project.qualityScores().isScoredWith(label, qualityModel, segmentationModel));
}

TEST_F(ReviewQueueTest, OpenCasesCarryTheirScoresAndUnscoredOnesHaveNone) {
    const int64_t first = addLabel(volumes[0], LabelProvenance::Pseudo);
    const int64_t second = addLabel(volumes[1], LabelProvenance::Pseudo);
    addLabel(volumes[2], LabelProvenance::Human);
    addScore(first, 0.8);
    const std::vector<ReviewCandidate> open = openReviewCandidates(project, qualityModel);
    ASSERT_EQ(volumeIds(open), (std::vector<int64_t>{volumes[0], volumes[1]}));
    EXPECT_EQ(open[0].labelVersionId, first);
    EXPECT_DOUBLE_EQ(*open[0].predictedQuality, 0.8);
    EXPECT_DOUBLE_EQ(*open[0].epistemic, 0.01);
    EXPECT_EQ(open[1].labelVersionId, second);
    EXPECT_FALSE(open[1].predictedQuality.has_value());
    EXPECT_FALSE(openReviewCandidates(project, std::nullopt)[0].predictedQuality.has_value());
    EXPECT_EQ(reviewQualityModel(project), qualityModel);
}

TEST_F(ReviewQueueTest, ACaseTakenIsNeverHandedOutTwice) {
    for (int64_t volumeId : volumes) {
        addLabel(volumeId, LabelProvenance::Pseudo);
    }
    const std::vector<ReviewCandidate> queue = openReviewCandidates(project, qualityModel);
    const auto first = takeForReview(project, queue, 2, "alice");
    EXPECT_EQ(volumeIds(first), (std::vector<int64_t>{volumes[0], volumes[1]}));
    EXPECT_EQ(project.reviews().find(volumes[0])->state, ReviewState::InReview);
    EXPECT_EQ(project.reviews().find(volumes[0])->reviewer, "alice");
    EXPECT_EQ(project.reviews().find(volumes[0])->labelVersionId, queue[0].labelVersionId);

    // A second reviewer working from the same (now stale) list gets the next ones.
    const auto second = takeForReview(project, queue, 2, "bob");
    EXPECT_EQ(volumeIds(second), (std::vector<int64_t>{volumes[2], volumes[3]}));
    EXPECT_TRUE(takeForReview(project, queue, 2, "carol").empty());
    EXPECT_TRUE(openReviewCandidates(project, qualityModel).empty());
    EXPECT_FALSE(project.reviews().take(volumes[0], queue[0].labelVersionId, "carol"));
    EXPECT_EQ(project.reviews().find(volumes[0])->reviewer, "alice");
}

TEST_F(ReviewQueueTest, AnOutdatedVersionIsNotHandedOut) {
    const int64_t first = addLabel(volumes[0], LabelProvenance::Pseudo);
    const std::vector<ReviewCandidate> listed = openReviewCandidates(project, qualityModel);
    addLabel(volumes[0], LabelProvenance::Corrected, first);  // saved after the listing
    EXPECT_TRUE(takeForReview(project, listed, 1, "alice").empty());
    EXPECT_FALSE(project.reviews().find(volumes[0]).has_value());
}

TEST_F(ReviewQueueTest, AReviewedCaseReopensOnlyWithANewPseudoLabel) {
    const int64_t first = addLabel(volumes[0], LabelProvenance::Pseudo);
    project.reviews().setState(volumes[0], ReviewState::Accepted, first, "alice");
    EXPECT_TRUE(openReviewCandidates(project, qualityModel).empty());
    const int64_t again = addLabel(volumes[0], LabelProvenance::Pseudo);
    const auto open = openReviewCandidates(project, qualityModel);
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].labelVersionId, again);

    // In review stays closed whatever its version; pending is open.
    project.reviews().setState(volumes[0], ReviewState::InReview, first, "alice");
    EXPECT_TRUE(openReviewCandidates(project, qualityModel).empty());
    project.reviews().setState(volumes[0], ReviewState::Pending, again, "alice");
    EXPECT_EQ(openReviewCandidates(project, qualityModel).size(), 1u);
}

}  // namespace
}  // namespace segloop
