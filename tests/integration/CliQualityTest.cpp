// `train-quality` end to end on a real project (tiny network, CPU).
#include <filesystem>

#include <gtest/gtest.h>

#include "CliTestSupport.h"

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
    ASSERT_EQ(runCli("import '" + project + "' '" + testDataDir() + "/hippocampus/imagesTr' --labels '" +
                     testDataDir() + "/hippocampus/labelsTr'").exitCode, 0);
    const std::string tiny = " --iterations 3 --batch 2 --base-channels 2 --device cpu";
    const CommandResult run = runCli("train-quality '" + project + "' --holdout 0.25" + tiny);
    ASSERT_EQ(run.exitCode, 0) << run.output;
    EXPECT_TRUE(contains(run.output, "3 training cases, 1 held out")) << run.output;
    EXPECT_TRUE(contains(run.output, "iteration 3/3")) << run.output;
    EXPECT_TRUE(contains(run.output, "Held-out: 1 cases, 40 masks; overall Dice: Spearman")) << run.output;
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
    ASSERT_EQ(runCli("train '" + project + "' --method supervised --iterations 2 --base-channels 4"
                     " --levels 3 --patch 16x16x16 --device cpu --optimizer adam").exitCode, 0);
    const CommandResult withModel = runCli("train-quality '" + project + "' --holdout 0.25" + tiny);
    ASSERT_EQ(withModel.exitCode, 0) << withModel.output;
    EXPECT_TRUE(contains(withModel.output, "Added 3 real masks from")) << withModel.output;
    const CommandResult without =
        runCli("train-quality '" + project + "' --holdout 0.25 --no-model-masks" + tiny);
    EXPECT_FALSE(contains(without.output, "real masks")) << without.output;
}

TEST(CliQuality, RefusesAProjectWithoutLabels) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    ASSERT_EQ(runCli("import '" + project + "' '" + testDataDir() + "/hippocampus/imagesTr'").exitCode, 0);
    const CommandResult run = runCli("train-quality '" + project + "' --iterations 2 --device cpu");
    EXPECT_EQ(run.exitCode, 1) << run.output;
    EXPECT_TRUE(contains(run.output, "no labelled volume")) << run.output;
}

}  // namespace
}  // namespace segloop
