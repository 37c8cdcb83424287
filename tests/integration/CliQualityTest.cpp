// `train-quality` end to end on a real project (tiny network, CPU).
#include <filesystem>

#include <gtest/gtest.h>

#include "CliTestSupport.h"
#include "core/io/NiftiReader.h"
#include "storage/Project.h"

namespace segloop {
namespace {

using namespace test;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(CliQuality, TrainQualityRecordsAModelAndReportsHeldOutAgreement) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    ASSERT_EQ(runCli("import '" + project + "' '" + testDataDir() +
                     "/hippocampus/imagesTr' --labels '" + testDataDir() + "/hippocampus/labelsTr'")
                  .exitCode,
              0);
    const std::string tiny = " --iterations 3 --batch 2 --base-channels 2 --device cpu";
    const CommandResult run = runCli("train-quality '" + project + "' --holdout 0.25" + tiny);
    ASSERT_EQ(run.exitCode, 0) << run.output;
    EXPECT_TRUE(contains(run.output, "3 training cases, 1 held out")) << run.output;
    EXPECT_TRUE(contains(run.output, "iteration 3/3")) << run.output;
    EXPECT_TRUE(contains(run.output, "Held-out: 1 cases, 40 masks; overall Dice: Spearman"))
        << run.output;
    EXPECT_TRUE(contains(run.output, "class 2 Dice")) << run.output;
    EXPECT_TRUE(contains(run.output, "Finished after 3 iterations")) << run.output;
    EXPECT_TRUE(std::filesystem::exists(project + "/data/models/quality-run-1/quality.pt"));
    const CommandResult info = runCli("info '" + project + "'");
    EXPECT_TRUE(contains(info.output, "Models       1, training runs 1")) << info.output;

    const CommandResult badHoldout = runCli("train-quality '" + project + "' --holdout 1.5" + tiny);
    EXPECT_EQ(badHoldout.exitCode, 2) << badHoldout.output;
    const CommandResult badBatch = runCli("train-quality '" + project + "' --batch 1" + tiny);
    EXPECT_EQ(badBatch.exitCode, 2) << badBatch.output;
    EXPECT_TRUE(contains(runCli("--help").output, "train-quality"));

    // With a (barely) trained segmentation model, its outputs join as real imperfect masks.
    ASSERT_EQ(runCli("train '" + project +
                     "' --method supervised --iterations 2 --base-channels 4"
                     " --levels 3 --patch 16x16x16 --device cpu --optimizer adam")
                  .exitCode,
              0);
    const CommandResult withModel = runCli("train-quality '" + project + "' --holdout 0.25" + tiny);
    ASSERT_EQ(withModel.exitCode, 0) << withModel.output;
    EXPECT_TRUE(contains(withModel.output, "Added 3 real masks from")) << withModel.output;
    const CommandResult without =
        runCli("train-quality '" + project + "' --holdout 0.25 --no-model-masks" + tiny);
    EXPECT_FALSE(contains(without.output, "real masks")) << without.output;
}

/// Saves a pseudo-label of `number` with half of its foreground missing, then the truth as
/// the correction of it, as a reviewer in the app would.
void correctAPseudoLabel(const std::string& folder, const std::string& number) {
    Project project = Project::open(folder);
    int64_t volumeId = 0;
    for (const VolumeRecord& volume : project.volumes().list()) {
        if (volume.sourcePath.find("hippocampus_" + number) != std::string::npos) {
            volumeId = volume.volumeId;
        }
    }
    ASSERT_NE(volumeId, 0);
    const LabelMap truth = readNiftiLabelMap(hippocampusLabel(number));
    LabelMap guess = truth;
    size_t foreground = 0;
    for (auto& label : guess.labels) {
        if (label != 0 && foreground++ % 2 == 0) {
            label = 0;
        }
    }
    NewLabelVersion pseudo;
    pseudo.volumeId = volumeId;
    pseudo.labelSetId = project.labelSets().list().front().id;
    pseudo.provenance = LabelProvenance::Pseudo;
    pseudo.modelId = project.models().add({0, "segmentation", 0, "supervised", "", "", "{}"});
    NewLabelVersion correction = pseudo;
    correction.provenance = LabelProvenance::Corrected;
    correction.modelId.reset();
    correction.parentId = project.labels().add(pseudo, guess);
    project.labels().add(correction, truth);
}

TEST(CliQuality, LearnsFromThePseudoLabelsThatCorrectionsReplaced) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    importHippocampus(project, {"001", "003"}, {"004"});
    correctAPseudoLabel(project, "004");
    const std::string tiny = " --holdout 0 --iterations 2 --batch 2 --base-channels 2 --device cpu";
    const CommandResult run = runCli("train-quality '" + project + "'" + tiny);
    ASSERT_EQ(run.exitCode, 0) << run.output;
    EXPECT_TRUE(contains(run.output, "3 training cases")) << run.output;
    EXPECT_TRUE(
        contains(run.output, "Added 1 real masks from pseudo-labels that corrections replaced"))
        << run.output;
    const CommandResult without = runCli("train-quality '" + project + "' --no-model-masks" + tiny);
    ASSERT_EQ(without.exitCode, 0) << without.output;
    EXPECT_FALSE(contains(without.output, "real masks")) << without.output;
}

TEST(CliQuality, RefusesAProjectWithoutLabels) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    ASSERT_EQ(
        runCli("import '" + project + "' '" + testDataDir() + "/hippocampus/imagesTr'").exitCode,
        0);
    const CommandResult run = runCli("train-quality '" + project + "' --iterations 2 --device cpu");
    EXPECT_EQ(run.exitCode, 1) << run.output;
    EXPECT_TRUE(contains(run.output, "no labelled volume")) << run.output;
}

}  // namespace
}  // namespace segloop
