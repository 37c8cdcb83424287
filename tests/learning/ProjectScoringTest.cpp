// The project scoring job with real parts: a SQLite project of hippocampus cases, a (one-step)
// LibTorch segmentation model that made the pseudo-labels, a quality predictor checkpoint.
// Scoring skips versions already scored with the same models, redoes them for a new model, and
// keeps what it scored when cancelled.
#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "learning/LearningTestSupport.h"
#include "learning/quality/QualityPredictor.h"
#include "learning/scoring/ModelCaseScorer.h"
#include "learning/training/Trainer.h"
#include "storage/PredictionFiles.h"
#include "storage/Project.h"
#include "storage/ProjectImporter.h"
#include "workflow/PseudoLabelScoring.h"

namespace segloop {
namespace {

/// Counts the cases that reach the real scorer.
class CountingScorer final : public CaseScorer {
  public:
    explicit CountingScorer(CaseScorer& real) : real_(real) {}
    CaseScores score(const std::string& checkpoint, const Volume& volume, const LabelMap& label,
                     Progress* progress) override {
        ++calls;
        return real_.score(checkpoint, volume, label, progress);
    }
    int calls = 0;

  private:
    CaseScorer& real_;
};

/// Cancels once `allowed` cases have started.
class CancelAfter final : public Progress {
  public:
    explicit CancelAfter(size_t allowed) : allowed_(allowed) {}
    bool update(const std::string& stage, size_t done, size_t) override {
        return stage != "Scoring" || done < allowed_;
    }

  private:
    size_t allowed_;
};

class ProjectScoringTest : public ::testing::Test {
  protected:
    void SetUp() override {
        project.labelSets().create("labels",
                                   {{1, "anterior", {255, 0, 0}}, {2, "posterior", {0, 255, 0}}});
        ImportRequest request;
        for (const TrainingCase& c : test::hippocampusCases()) {
            if (!c.labelled()) {
                request.inputs.push_back(c.imagePath);
            }
        }
        importIntoProject(project, request);
        segmentationModel = addSegmentationModel("run-1");
        qualityModel = addQualityModel("quality-1");
    }

    int64_t addSegmentationModel(const std::string& name) {
        TrainingCases labelled;
        for (const TrainingCase& c : test::hippocampusCases()) {
            if (c.labelled()) {
                labelled.push_back(c);
            }
        }
        TrainingSettings settings = test::tinySettings("supervised", 1);
        settings.threads = 1;  // ctest runs tests side by side on two cores
        Trainer trainer(settings, labelled, {});
        trainer.step();
        const std::string relative = "data/models/" + name + ".pt";
        trainer.saveCheckpoint(project.layout().absolute(relative));
        const int64_t id =
            project.models().add({0, "segmentation", 0, "supervised", relative, "", "{}"});
        const auto model = SegmentationModel::load(project.layout().absolute(relative), "cpu");
        for (const VolumeRecord& volume : project.volumes().list()) {
            const Prediction prediction = model->predict(project.volumes().load(volume.volumeId));
            PredictionToSave saved;
            saved.volumeId = volume.volumeId;
            saved.labelSetId = project.labelSets().list().front().id;
            saved.modelId = id;
            saved.labels = &prediction.labels;
            savePrediction(project, saved);
        }
        return id;
    }

    int64_t addQualityModel(const std::string& name) {
        QualitySettings settings;
        settings.classes = 3;
        settings.baseChannels = 2;
        settings.device = "cpu";
        settings.threads = 1;
        const std::string relative = "data/models/" + name + ".pt";
        QualityPredictor(settings).save(project.layout().absolute(relative));
        return project.models().add({0, "quality", 0, "quality-predictor", relative, "", "{}"});
    }

    ModelCaseScorer makeScorer(int64_t quality) {
        UncertaintySettings settings;
        settings.mcPasses = 4;
        return ModelCaseScorer(project.layout().absolute(project.models().get(quality).dataPath),
                               "cpu", settings);
    }

    test::TempDir temp;
    Project project = Project::create(temp.file("project"));
    int64_t segmentationModel = 0;
    int64_t qualityModel = 0;
};

TEST_F(ProjectScoringTest, ScoresEveryPseudoLabelOnceForTheSameModels) {
    ModelCaseScorer real = makeScorer(qualityModel);
    CountingScorer scorer(real);
    const ScoringReport first = scorePseudoLabels(project, scorer, {qualityModel, false, {}});
    EXPECT_EQ(first.scored, 2u);
    EXPECT_EQ(first.skipped, 0u);
    for (const LabelVersionRecord& label : project.labels().currentPseudoLabels()) {
        const auto score = project.qualityScores().find(label.id, qualityModel);
        ASSERT_TRUE(score.has_value());
        EXPECT_EQ(score->segmentationModelId, segmentationModel);
        EXPECT_GE(score->predictedQuality, 0.0);
        EXPECT_LE(score->predictedQuality, 1.0);
        EXPECT_GT(*score->entropy, 0.0);
        EXPECT_LE(*score->entropy, std::log(3.0) + 1e-6);
        EXPECT_GT(*score->epistemicUncertainty, 0.0);
        EXPECT_EQ(score->perClassJson.rfind("{\"1\":", 0), 0u) << score->perClassJson;
        EXPECT_NE(score->scoringJson.find("\"mc_passes\":4,\"mc_dropout\":0.1"), std::string::npos)
            << score->scoringJson;
    }

    const ScoringReport again = scorePseudoLabels(project, scorer, {qualityModel, false, {}});
    EXPECT_EQ(again.scored, 0u);
    EXPECT_EQ(again.skipped, 2u);
    EXPECT_EQ(scorer.calls, 2) << "skipped cases never reach the networks";
    EXPECT_EQ(scorePseudoLabels(project, scorer, {qualityModel, true, {}}).scored, 2u);
}

TEST_F(ProjectScoringTest, ANewModelScoresAgain) {
    ModelCaseScorer first = makeScorer(qualityModel);
    scorePseudoLabels(project, first, {qualityModel, false, {}});

    // A new quality predictor: every current pseudo-label gets its score as well.
    const int64_t newerQuality = addQualityModel("quality-2");
    ModelCaseScorer second = makeScorer(newerQuality);
    EXPECT_EQ(scorePseudoLabels(project, second, {newerQuality, false, {}}).scored, 2u);

    // A new segmentation model labels the volumes again: the new versions are scored, and only
    // they (onlyLabelVersions as `predict` asks).
    const int64_t newerSegmentation = addSegmentationModel("run-2");
    std::vector<int64_t> latest;
    for (const LabelVersionRecord& label : project.labels().currentPseudoLabels()) {
        EXPECT_EQ(label.modelId, newerSegmentation);
        latest.push_back(label.id);
    }
    const ScoringReport report =
        scorePseudoLabels(project, second, {newerQuality, false, {latest.front()}});
    EXPECT_EQ(report.scored, 1u);
    EXPECT_EQ(project.qualityScores().find(latest.front(), newerQuality)->segmentationModelId,
              newerSegmentation);
    EXPECT_FALSE(project.qualityScores().find(latest.back(), newerQuality).has_value());
}

TEST_F(ProjectScoringTest, CancelKeepsTheScoresMadeSoFar) {
    ModelCaseScorer scorer = makeScorer(qualityModel);
    CancelAfter cancel(1);
    EXPECT_THROW(scorePseudoLabels(project, scorer, {qualityModel, false, {}}, &cancel), Cancelled);
    const auto labels = project.labels().currentPseudoLabels();
    EXPECT_TRUE(project.qualityScores().find(labels[0].id, qualityModel).has_value());
    EXPECT_FALSE(project.qualityScores().find(labels[1].id, qualityModel).has_value());
    const ScoringReport rest = scorePseudoLabels(project, scorer, {qualityModel, false, {}});
    EXPECT_EQ(rest.scored, 1u);
    EXPECT_EQ(rest.skipped, 1u);
}

TEST_F(ProjectScoringTest, MissingFilesAreNamed) {
    const std::string checkpoint =
        project.layout().absolute(project.models().get(segmentationModel).dataPath);
    std::filesystem::remove(checkpoint);
    ModelCaseScorer scorer = makeScorer(qualityModel);
    try {
        scorePseudoLabels(project, scorer, {qualityModel, false, {}});
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), checkpoint);
        EXPECT_NE(error.problem().find("no such segmentation checkpoint"), std::string::npos);
    }
    try {
        ModelCaseScorer missing(temp.file("nowhere.pt"), "cpu", {});
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), temp.file("nowhere.pt"));
    }
}

TEST_F(ProjectScoringTest, ALabelWithAClassTheQualityPredictorLacksIsRefused) {
    QualitySettings settings;
    settings.classes = 2;
    settings.baseChannels = 2;
    settings.device = "cpu";
    QualityPredictor binary(settings);
    const auto label = project.labels().currentPseudoLabels().front();
    LabelMap mask = project.labels().load(label.id);
    mask.labels[0] = 2;
    const auto model = SegmentationModel::load(
        project.layout().absolute(project.models().get(segmentationModel).dataPath), "cpu");
    try {
        scoreCase(*model, binary, project.volumes().load(label.volumeId), mask, {});
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_STREQ(error.what(),
                     "pseudo-label: holds class 2 but the quality predictor knows classes 1..1");
    }
}

}  // namespace
}  // namespace segloop
