// The project report's data (readProjectReport): label status, runs with and without a
// recorded curve, pseudo-labels compared with the label of record that now exists (true Dice
// next to the predicted quality), and the review decisions per day from the audit log.
#include <filesystem>

#include <gtest/gtest.h>

#include "WorkflowTestSupport.h"
#include "learning/training/TrainingMetricsFile.h"
#include "workflow/ProjectReport.h"
#include "workflow/ReviewDecisions.h"
#include "workflow/TrainingRunRecording.h"

namespace segloop {
namespace {

using ProjectReportTest = test::WorkflowProjectTest;

TEST_F(ProjectReportTest, ComparesPseudoLabelsWithTheLabelOfRecordAndReadsCurves) {
    // Volume 0: a human label, then a pseudo-label with class 2 painted as class 1: class 1
    // Dice 2*60/(120+60) = 2/3, class 2 Dice 0, mean 1/3; scored 0.8 by the quality predictor.
    addLabel(volumes[0], LabelProvenance::Human);
    const int64_t wrong = addLabel(volumes[0], LabelProvenance::Pseudo, std::nullopt, 1);
    QualityScoreRecord score;
    score.labelVersionId = wrong;
    score.modelId = qualityModel;
    score.predictedQuality = 0.8;
    project.qualityScores().record(score);
    // Volume 1: a pseudo-label accepted as it is (Dice 1); volume 2: one rejected (no label
    // of record, so nothing to compare); volume 3: nothing.
    const int64_t accepted = addLabel(volumes[1], LabelProvenance::Pseudo);
    acceptPseudoLabel(project, volumes[1], "alice");
    addLabel(volumes[2], LabelProvenance::Pseudo);
    rejectPseudoLabel(project, volumes[2], "alice");

    // Run 1 from before curves were kept; run 2 with its metrics.csv and a model.
    const int64_t oldRun = project.trainingRuns().start("supervised", "{}", 0);
    const int64_t newRun = project.trainingRuns().start("sgrs", "{}", 1);
    std::filesystem::create_directories(trainingRunFolder(project, newRun));
    {
        TrainingMetricsWriter writer(trainingRunFolder(project, newRun) + "/" +
                                     kTrainingMetricsFileName);
        for (int64_t n = 1; n <= 3; ++n) {
            StepReport step;
            step.iteration = n;
            step.loss = 1.0 / double(n);
            writer.step(step);
            ValidationReport validation;
            validation.iteration = n;
            validation.meanDice = 0.2 * double(n);
            writer.validation(validation);
        }
    }
    const int64_t model = project.models().add(
        {0, "segmentation", 0, "sgrs", "", "", "{\"best_validation_dice\":0.61,\"iterations\":3}"});
    project.trainingRuns().setModel(newRun, model);
    project.trainingRuns().setStatus(newRun, TrainingStatus::Finished);

    const ProjectReport report = readProjectReport(project);
    EXPECT_EQ(report.summary.volumesHuman, 1);
    EXPECT_EQ(report.summary.volumesAccepted, 1);
    EXPECT_EQ(report.summary.volumesPseudo, 1);
    EXPECT_EQ(report.summary.volumesUnlabelled, 1);
    ASSERT_EQ(report.classes.size(), 2u);

    ASSERT_EQ(report.runs.size(), 2u);
    EXPECT_EQ(report.runs[0].run.id, oldRun);
    EXPECT_TRUE(report.runs[0].curve.empty());
    EXPECT_EQ(report.runs[0].curveNote, "no curve recorded");
    ASSERT_EQ(report.runs[1].curve.size(), 3u);
    EXPECT_NEAR(report.runs[1].curve[2].loss, 1.0 / 3.0, 1e-8);  // 9 digits in the file
    ASSERT_TRUE(report.runs[1].curve[2].validationDice.has_value());
    EXPECT_NEAR(*report.runs[1].curve[2].validationDice, 0.6, 1e-9);
    EXPECT_EQ(report.runs[1].modelName, "segmentation v2");
    ASSERT_TRUE(report.runs[1].bestValidationDice.has_value());
    EXPECT_DOUBLE_EQ(*report.runs[1].bestValidationDice, 0.61);

    ASSERT_EQ(report.comparisons.size(), 2u);
    const ReportPseudoLabelComparison& first = report.comparisons[0];
    EXPECT_EQ(first.volumeId, volumes[0]);
    EXPECT_EQ(first.pseudoLabelId, wrong);
    EXPECT_EQ(first.labelOfRecordKind, LabelProvenance::Human);
    EXPECT_EQ(first.modelName, "segmentation v1");
    ASSERT_TRUE(first.predictedQuality.has_value());
    EXPECT_DOUBLE_EQ(*first.predictedQuality, 0.8);
    ASSERT_EQ(first.perClass.size(), 2u);
    EXPECT_NEAR(first.perClass[0].dice, 2.0 / 3.0, 1e-12);
    EXPECT_NEAR(first.perClass[1].dice, 0.0, 1e-12);
    EXPECT_NEAR(first.trueDice, 1.0 / 3.0, 1e-12);
    const ReportPseudoLabelComparison& second = report.comparisons[1];
    EXPECT_EQ(second.pseudoLabelId, accepted);
    EXPECT_EQ(second.labelOfRecordKind, LabelProvenance::Accepted);
    EXPECT_FALSE(second.predictedQuality.has_value());
    EXPECT_DOUBLE_EQ(second.trueDice, 1.0);

    ASSERT_EQ(report.reviewDays.size(), 1u);  // both decisions were made today
    EXPECT_EQ(report.reviewDays[0].accepted, 1);
    EXPECT_EQ(report.reviewDays[0].rejected, 1);
    EXPECT_EQ(report.reviewDays[0].corrected, 0);
    EXPECT_EQ(report.reviewDays[0].date, report.generatedAt.substr(0, 10));
}

AuditEntry reviewEntry(const std::string& at, const std::string& state) {
    AuditEntry entry;
    entry.at = at;
    entry.action = "set review state";
    entry.subject = "volume 1";
    entry.detailsJson = "{\"state\":\"" + state + "\",\"reviewer\":\"bob\"}";
    return entry;
}

TEST(ReviewDecisionsByDay, CountsDecisionsAndFillsShortGaps) {
    std::vector<AuditEntry> entries = {
        reviewEntry("2025-02-27T23:59:59.000Z", "accepted"),
        reviewEntry("2025-02-27T10:00:00.000Z", "in_review"),  // taking a case decides nothing
        reviewEntry("2025-03-01T00:00:00.000Z", "corrected"),
        reviewEntry("2025-03-01T08:00:00.000Z", "rejected"),
        reviewEntry("2025-03-01T09:00:00.000Z", "pending"),
    };
    AuditEntry other = reviewEntry("2025-03-05T09:00:00.000Z", "accepted");
    other.action = "add label version";
    entries.push_back(other);
    const std::vector<ReportReviewDay> days = reviewDecisionsByDay(entries);
    ASSERT_EQ(days.size(), 3u);  // 2025 is no leap year: Feb 27, Feb 28, Mar 1
    EXPECT_EQ(days[0].date, "2025-02-27");
    EXPECT_EQ(days[0].accepted, 1);
    EXPECT_EQ(days[1].date, "2025-02-28");
    EXPECT_EQ(days[1].accepted + days[1].corrected + days[1].rejected, 0);
    EXPECT_EQ(days[2].date, "2025-03-01");
    EXPECT_EQ(days[2].corrected, 1);
    EXPECT_EQ(days[2].rejected, 1);

    const std::vector<ReportReviewDay> leap =
        reviewDecisionsByDay({reviewEntry("2024-02-28T12:00:00Z", "accepted"),
                              reviewEntry("2024-03-01T12:00:00Z", "accepted")});
    ASSERT_EQ(leap.size(), 3u);
    EXPECT_EQ(leap[1].date, "2024-02-29");

    // Longer than kReportMaxFilledDays: only the days with decisions.
    const std::vector<ReportReviewDay> sparse =
        reviewDecisionsByDay({reviewEntry("2024-01-01T12:00:00Z", "accepted"),
                              reviewEntry("2024-12-31T12:00:00Z", "rejected")});
    ASSERT_EQ(sparse.size(), 2u);
    EXPECT_EQ(sparse[1].date, "2024-12-31");
    EXPECT_TRUE(reviewDecisionsByDay({}).empty());
}

}  // namespace
}  // namespace segloop
