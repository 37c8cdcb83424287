// Label sets, models, training runs, quality scores, review state, audit log and the summary.

#include <gtest/gtest.h>

#include "core/Error.h"
#include "storage/StorageTestSupport.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using test::TempDir;

class ProjectRecordsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        project.setUserName("bob");
        volumeId = project.volumes().importVolume(test::makeMetadata("1.2.3.4"), image);
        segmenterId = project.models().add({0, "segmenter", 0, "sgrs", "", "", "{\"dice\":0.8}"});
        predictorId = project.models().add({0, "quality", 0, "quality-guided", "", "", "{}"});
        NewLabelVersion pseudo;
        pseudo.volumeId = volumeId;
        pseudo.labelSetId = fixture.labelSetId;
        pseudo.provenance = LabelProvenance::Pseudo;
        pseudo.modelId = segmenterId;
        labelVersionId = project.labels().add(pseudo, test::makeLabels(image.geometry));
    }

    TempDir temp;
    test::ProjectFixture fixture{temp.file("project")};
    Project& project = fixture.project;
    Volume image = test::makeVolume();
    int64_t volumeId = 0;
    int64_t segmenterId = 0;
    int64_t predictorId = 0;
    int64_t labelVersionId = 0;
};

TEST_F(ProjectRecordsTest, LabelSetsKeepTheirClasses) {
    const LabelSet set = project.labelSets().get(fixture.labelSetId);
    EXPECT_EQ(set.name, "default");
    ASSERT_EQ(set.classes.size(), 2u);
    EXPECT_EQ(set.classes[1].name, "Posterior");
    EXPECT_EQ(set.classes[1].colourRgb, (std::array<uint8_t, 3>{0, 255, 0}));
    EXPECT_EQ(project.labelSets().findByName("default")->id, fixture.labelSetId);
    EXPECT_THROW(project.labelSets().create("default", {}), Error);
    EXPECT_THROW(project.labelSets().create("twice", {{1, "A", {}}, {1, "B", {}}}), Error);
    EXPECT_EQ(project.labelSets().list().size(), 1u);
}

TEST_F(ProjectRecordsTest, ModelVersionsCountUpPerName) {
    const int64_t second =
        project.models().add({0, "segmenter", 0, "sgrs", "data/models/2.pt", "", "{}"});
    EXPECT_EQ(project.models().get(segmenterId).version, 1);
    EXPECT_EQ(project.models().get(second).version, 2);
    EXPECT_EQ(project.models().latest("segmenter")->id, second);
    EXPECT_EQ(project.models().get(segmenterId).metricsJson, "{\"dice\":0.8}");
    project.models().setMetrics(second, "{\"dice\":0.85}");
    EXPECT_EQ(project.models().get(second).metricsJson, "{\"dice\":0.85}");
    EXPECT_THROW(project.models().setMetrics(second, "not json"), Error);
    EXPECT_THROW(project.models().add({0, "segmenter", 2, "sgrs", "", "", "{}"}), Error)
        << "a version number is used once per name";
}

TEST_F(ProjectRecordsTest, TrainingRunLifecycle) {
    const int64_t runId = project.trainingRuns().start("sgrs", "{\"epochs\":10}", 3, segmenterId);
    TrainingRunRecord run = project.trainingRuns().get(runId);
    EXPECT_EQ(run.status, TrainingStatus::Running);
    EXPECT_EQ(run.datasetRevision, 3);
    EXPECT_EQ(run.baseModelId, segmenterId);
    EXPECT_FALSE(run.finishedAt.has_value());

    project.trainingRuns().setModel(runId, predictorId);
    project.trainingRuns().setStatus(runId, TrainingStatus::Finished);
    run = project.trainingRuns().get(runId);
    EXPECT_EQ(run.status, TrainingStatus::Finished);
    EXPECT_EQ(run.modelId, predictorId);
    EXPECT_TRUE(run.finishedAt.has_value());
    EXPECT_THROW(project.trainingRuns().setStatus(999, TrainingStatus::Failed), Error);
    EXPECT_EQ(project.trainingRuns().list().size(), 1u);
}

TEST_F(ProjectRecordsTest, QualityScoresAreReplacedAndRankedWorstFirst) {
    NewLabelVersion second;
    second.volumeId = volumeId;
    second.labelSetId = fixture.labelSetId;
    second.provenance = LabelProvenance::Pseudo;
    second.modelId = segmenterId;
    const int64_t otherVersion = project.labels().add(second, test::makeLabels(image.geometry));

    QualityScoreRecord score;
    score.labelVersionId = labelVersionId;
    score.modelId = predictorId;
    score.predictedQuality = 0.9;
    score.entropy = 0.12;
    score.perClassJson = "{\"1\":0.91,\"2\":0.88}";
    project.qualityScores().record(score);
    score.predictedQuality = 0.7;  // rescoring replaces
    project.qualityScores().record(score);
    score.labelVersionId = otherVersion;
    score.predictedQuality = 0.8;
    score.entropy.reset();
    project.qualityScores().record(score);

    const auto ranked = project.qualityScores().worstFirst(predictorId);
    ASSERT_EQ(ranked.size(), 2u);
    EXPECT_EQ(ranked[0].labelVersionId, labelVersionId);
    EXPECT_DOUBLE_EQ(ranked[0].predictedQuality, 0.7);
    EXPECT_DOUBLE_EQ(*ranked[0].entropy, 0.12);
    EXPECT_FALSE(ranked[1].entropy.has_value());
    EXPECT_FALSE(ranked[1].learnedQuality.has_value());
    EXPECT_FALSE(ranked[1].expectedDice.has_value());
}

TEST_F(ProjectRecordsTest, ScoresKeepTheirLearnedAndExpectedHalves) {
    QualityScoreRecord score;
    score.labelVersionId = labelVersionId;
    score.modelId = predictorId;
    score.predictedQuality = 0.75;
    score.learnedQuality = 0.8;
    score.expectedDice = 0.7;
    project.qualityScores().record(score);
    const auto stored = project.qualityScores().find(labelVersionId, predictorId);
    ASSERT_TRUE(stored);
    EXPECT_DOUBLE_EQ(*stored->learnedQuality, 0.8);
    EXPECT_DOUBLE_EQ(*stored->expectedDice, 0.7);
    score.expectedDice = 1.2;  // outside 0..1: the schema refuses it
    EXPECT_THROW(project.qualityScores().record(score), Error);
    EXPECT_DOUBLE_EQ(*project.qualityScores().find(labelVersionId, predictorId)->expectedDice, 0.7);
}

TEST_F(ProjectRecordsTest, BatchOfScoresIsAllOrNothing) {
    QualityScoreRecord good;
    good.labelVersionId = labelVersionId;
    good.modelId = predictorId;
    good.predictedQuality = 0.5;
    QualityScoreRecord bad = good;
    bad.modelId = segmenterId;
    bad.predictedQuality = 1.5;  // outside 0..1: the schema refuses it
    const auto counts = test::rowCounts(project.database());
    EXPECT_THROW(project.qualityScores().recordAll({good, bad}), Error);
    EXPECT_EQ(test::rowCounts(project.database()), counts);
}

TEST_F(ProjectRecordsTest, ReviewStateIsOneRowPerVolumeWithHistoryInTheAuditLog) {
    project.reviews().setState(volumeId, ReviewState::Pending, labelVersionId);
    project.reviews().setState(volumeId, ReviewState::Accepted, labelVersionId, "carol");
    const auto review = project.reviews().find(volumeId);
    ASSERT_TRUE(review.has_value());
    EXPECT_EQ(review->state, ReviewState::Accepted);
    EXPECT_EQ(review->reviewer, "carol");
    EXPECT_EQ(review->labelVersionId, labelVersionId);
    EXPECT_EQ(project.reviews().list().size(), 1u);
    EXPECT_TRUE(project.reviews().list(ReviewState::Pending).empty());
    EXPECT_EQ(project.volumes().get(volumeId).reviewState, ReviewState::Accepted);

    const auto audit = project.auditLog().latest(2);
    EXPECT_EQ(audit[0].action, "set review state");
    EXPECT_EQ(audit[0].user, "bob");
    EXPECT_NE(audit[0].detailsJson.find("\"state\":\"accepted\""), std::string::npos);
    EXPECT_NE(audit[1].detailsJson.find("\"state\":\"pending\""), std::string::npos);
    EXPECT_THROW(project.reviews().setState(999, ReviewState::Pending), Error)
        << "a volume that does not exist";
}

TEST_F(ProjectRecordsTest, AuditLogIsAppendOnly) {
    const int64_t id = project.auditLog().append("export", "volume 1", {{"path", "a\"b\\c\n"}});
    EXPECT_EQ(project.auditLog().latest(1).at(0).detailsJson, "{\"path\":\"a\\\"b\\\\c\\n\"}");
    EXPECT_THROW(project.database().execute("DELETE FROM audit_log"), Error);
    EXPECT_THROW(project.database().execute("UPDATE audit_log SET user = 'x' WHERE id = " +
                                            std::to_string(id)),
                 Error);
    EXPECT_THROW(project.auditLog().appendJson("x", "y", "{broken"), Error);
}

TEST_F(ProjectRecordsTest, SummaryCountsEverything) {
    project.reviews().setState(volumeId, ReviewState::Pending, labelVersionId);
    project.volumes().importVolume(test::makeMetadata("1.2.3.5"), image);
    const ProjectSummary summary = project.summary();
    EXPECT_EQ(summary.patients, 1);
    EXPECT_EQ(summary.studies, 1);
    EXPECT_EQ(summary.series, 2);
    EXPECT_EQ(summary.volumes, 2);
    EXPECT_EQ(summary.labelSets, 1);
    EXPECT_EQ(summary.labelVersions, 1);
    EXPECT_EQ(summary.volumesUnlabelled, 1);
    EXPECT_EQ(summary.volumesPseudo, 1);
    EXPECT_EQ(summary.volumesHuman, 0);
    EXPECT_EQ(summary.models, 2);
    EXPECT_EQ(summary.volumesAwaitingReview, 1);
    EXPECT_EQ(summary.datasetRevision, 0);
}

}  // namespace
}  // namespace segloop
