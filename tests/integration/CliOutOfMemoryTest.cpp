// `segloop-cli train` when a training step runs out of memory (issue 30, faults): the message
// reaches the terminal, training goes on with a lowered load and the run's record keeps it;
// with nothing left to lower the run fails with a clear error and keeps its last step. The
// errors are injected (SEGLOOP_INJECT_OOM_AT_STEPS) into real CPU training of the real binary.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "CliTestSupport.h"
#include "learning/inference/ModelExport.h"
#include "storage/Project.h"

namespace segloop {
namespace {

using namespace test;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// `segloop-cli ARGUMENTS` with SEGLOOP_INJECT_OOM_AT_STEPS=`steps` in its environment.
CommandResult runCliWithInjectedOutOfMemory(const std::string& steps,
                                            const std::string& arguments) {
    setenv("SEGLOOP_INJECT_OOM_AT_STEPS", steps.c_str(), 1);
    CommandResult result = runCli(arguments);
    unsetenv("SEGLOOP_INJECT_OOM_AT_STEPS");
    return result;
}

const char* const kTiny =
    " --method mean-teacher --base-channels 4 --levels 3 --patch 16x16x16 --device cpu"
    " --optimizer adam --validation-interval 0 --no-quality";

TEST(CliOutOfMemory, TrainPrintsTheLoweredLoadAndGoesOn) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    importHippocampus(project, {"001", "003"}, {"004", "006"});
    const CommandResult train = runCliWithInjectedOutOfMemory(
        "2,3",
        "train '" + project + "' --iterations 4 --labelled-batch 4 --unlabelled-batch 4" + kTiny);
    ASSERT_EQ(train.exitCode, 0) << train.output;
    EXPECT_TRUE(contains(train.output,
                         "Out of memory (cpu) at step 2: unlabelled batch 4 -> 2, "
                         "training goes on"))
        << train.output;
    EXPECT_TRUE(contains(train.output,
                         "Out of memory (cpu) at step 3: labelled batch 4 -> 2, "
                         "training goes on"))
        << train.output;
    EXPECT_TRUE(contains(train.output, "Finished after 4 iterations")) << train.output;

    // The run's record and its checkpoint keep the lowered load.
    Project reader = Project::open(project);
    const TrainingRunRecord run = reader.trainingRuns().get(1);
    EXPECT_TRUE(contains(run.parametersJson, "labelled_per_batch = 2\\n")) << run.parametersJson;
    EXPECT_TRUE(contains(run.parametersJson, "\"settings_at_start\"")) << run.parametersJson;
    EXPECT_TRUE(contains(run.parametersJson,
                         "\"memory_notices\":[\"Out of memory (cpu) at step "
                         "2: unlabelled batch 4 -> 2, training goes on\""))
        << run.parametersJson;
    const TrainingSettings saved = checkpointSettings(project + "/data/models/run-1/latest.pt");
    EXPECT_EQ(saved.labelledPerBatch, 2);
    EXPECT_EQ(saved.unlabelledPerBatch, 2);
}

TEST(CliOutOfMemory, TrainFailsClearlyWhenNothingIsLeftToLower) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    importHippocampus(project, {"001", "003"}, {"004"});
    const CommandResult train = runCliWithInjectedOutOfMemory(
        "3*", "train '" + project + "' --iterations 5 --checkpoint-interval 1" + kTiny);
    EXPECT_NE(train.exitCode, 0) << train.output;
    EXPECT_TRUE(contains(train.output,
                         "Out of memory (cpu) at step 3 with the smallest load "
                         "(labelled batch 1, unlabelled batch 1, patch 8x8x8): "
                         "nothing is left to lower"))
        << train.output;
    EXPECT_TRUE(contains(train.output, "progress up to step 2 is saved in")) << train.output;
    const std::string latest = project + "/data/models/run-1/latest.pt";
    EXPECT_EQ(checkpointSettings(latest).labelledPerBatch, 2);
    Project reader = Project::open(project);
    const TrainingRunRecord run = reader.trainingRuns().get(1);
    EXPECT_EQ(run.status, TrainingStatus::Failed);
    EXPECT_TRUE(contains(run.message, "nothing is left to lower")) << run.message;
}

}  // namespace
}  // namespace segloop
