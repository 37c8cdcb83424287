// `train` end to end with the automatic quality predictor, `--method quality-guided` and
// `--pseudo-labels reference` on a small real project (tiny networks, CPU, one thread).
#include <filesystem>

#include <gtest/gtest.h>

#include "CliTestSupport.h"
#include "storage/Project.h"

namespace segloop {
namespace {

using namespace test;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

const std::string kTiny =
    " --iterations 4 --base-channels 4 --levels 3 --patch 16x16x16 --device cpu --optimizer adam"
    " --threads 1 --validation-interval 0";

TEST(CliQualityGuided, AutomaticQualityPredictorThenQualityGuidedAndReferenceTraining) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    const std::string labels = dir.file("labels");
    std::filesystem::create_directory(labels);
    for (const std::string number : {"001", "003", "004"}) {
        std::filesystem::copy_file(hippocampusLabel(number),
                                   labels + "/hippocampus_" + number + ".nii.gz");
    }
    ASSERT_EQ(runCli("import '" + project + "' '" + testDataDir() +
                     "/hippocampus/imagesTr' --labels '" + labels + "'")
                  .exitCode,
              0);
    const std::string quoted = "'" + project + "'";

    const CommandResult noPredictor =
        runCli("train " + quoted + " --method quality-guided" + kTiny);
    EXPECT_EQ(noPredictor.exitCode, 1) << noPredictor.output;
    EXPECT_TRUE(contains(noPredictor.output, "has no quality predictor for quality-guided"))
        << noPredictor.output;
    const CommandResult badSource = runCli("train " + quoted + " --pseudo-labels oracle" + kTiny);
    EXPECT_NE(badSource.exitCode, 0);
    EXPECT_TRUE(contains(badSource.output,
                         "--pseudo-labels: setting methods.pseudo_labels = oracle is out of "
                         "range: must be one of teacher, reference"))
        << badSource.output;

    // A supervised run with three labelled volumes trains and records a quality predictor.
    const CommandResult first =
        runCli("train " + quoted + " --method supervised" + kTiny + " --quality-iterations 2");
    ASSERT_EQ(first.exitCode, 0) << first.output;
    EXPECT_TRUE(contains(first.output, "quality predictor 2/2")) << first.output;
    EXPECT_TRUE(contains(first.output, "Quality predictor: model 2 (data/models/run-"))
        << first.output;
    {
        Project opened = Project::open(project);
        const auto quality = opened.models().latest("quality");
        ASSERT_TRUE(quality.has_value());
        EXPECT_EQ(quality->method, "quality-predictor");
        EXPECT_TRUE(std::filesystem::exists(opened.layout().folder + "/" + quality->dataPath));
        EXPECT_TRUE(contains(quality->metricsJson, "\"automatic\":true")) << quality->metricsJson;
        EXPECT_TRUE(contains(quality->metricsJson, "\"training_run\":1")) << quality->metricsJson;
        EXPECT_TRUE(contains(quality->metricsJson, "\"real_masks\":3")) << quality->metricsJson;
    }

    // quality-guided takes the project's newest predictor.
    const CommandResult guided =
        runCli("train " + quoted + " --method quality-guided --no-quality" + kTiny);
    ASSERT_EQ(guided.exitCode, 0) << guided.output;
    EXPECT_TRUE(contains(guided.output, "quality-guided on 4 cases")) << guided.output;
    EXPECT_TRUE(contains(guided.output, "iteration 4/4")) << guided.output;
    EXPECT_FALSE(contains(guided.output, "Quality predictor:")) << guided.output;

    const CommandResult reference = runCli("train " + quoted +
                                           " --method mean-teacher --pseudo-labels reference"
                                           " --no-quality" +
                                           kTiny);
    ASSERT_EQ(reference.exitCode, 0) << reference.output;
    EXPECT_TRUE(contains(reference.output, "iteration 4/4")) << reference.output;

    const CommandResult both = runCli("train " + quoted +
                                      " --method quality-guided --base-method sgrs"
                                      " --pseudo-labels reference"
                                      " --quality-iterations 2" +
                                      kTiny);
    ASSERT_EQ(both.exitCode, 0) << both.output;
    Project opened = Project::open(project);
    size_t qualityModels = 0;
    for (const ModelRecord& model : opened.models().list()) {
        qualityModels += model.name == "quality" ? 1 : 0;
    }
    EXPECT_EQ(qualityModels, 2u);
    EXPECT_EQ(opened.trainingRuns().list().size(), 4u);  // the refused run never started
}

TEST(CliQualityGuided, TooFewLabelledVolumesSaySoAndNoQualityModel) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    ASSERT_EQ(runCli("import '" + project + "' '" + hippocampusImage("001") + "' --labels '" +
                     testDataDir() + "/hippocampus/labelsTr'")
                  .exitCode,
              0);
    const CommandResult run = runCli("train '" + project + "' --method supervised" + kTiny);
    ASSERT_EQ(run.exitCode, 0) << run.output;
    EXPECT_TRUE(contains(run.output, "Quality predictor: no quality predictor: 1 labelled volumes"))
        << run.output;
    EXPECT_FALSE(Project::open(project).models().latest("quality").has_value());
}

}  // namespace
}  // namespace segloop
