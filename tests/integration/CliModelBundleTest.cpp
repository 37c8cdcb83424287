// `export-model`, `predict --model BUNDLE ... --out`, `import-model` and `train --init` end to
// end with the real binary (tiny network, CPU): a model leaves one project, labels NIfTI files
// and a DICOM series without a project, and enters another project to predict and fine-tune.
#include <filesystem>
#include <fstream>
#include <iterator>

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

std::string quoted(const std::string& path) {
    return "'" + path + "'";
}

const char* kTiny =
    " --iterations 2 --base-channels 4 --levels 3 --patch 16x16x16 --device cpu"
    " --validation-interval 1 --optimizer adam --no-quality --threads 1";

TEST(CliModelBundle, ExportPredictWithoutAProjectImportAndFineTune) {
    TempDir dir;
    const std::string source = dir.file("source");
    initProject(source);
    importHippocampus(source, {"001", "003"}, {"004"});
    const CommandResult train =
        runCli("train " + quoted(source) + " --method mean-teacher" + kTiny);
    ASSERT_EQ(train.exitCode, 0) << train.output;

    const std::string bundle = dir.file("hippo.segloop-model");
    const CommandResult exported =
        runCli("export-model " + quoted(source) + " " + quoted(bundle) + " --model 1");
    ASSERT_EQ(exported.exitCode, 0) << exported.output;
    EXPECT_TRUE(contains(exported.output, "Exported model 1 (mean-teacher, unet3d, 3 classes"))
        << exported.output;
    ASSERT_TRUE(std::filesystem::exists(bundle));
    const CommandResult log = runCli("log " + quoted(source));
    EXPECT_TRUE(contains(log.output, "export model")) << log.output;
    EXPECT_EQ(runCli("export-model " + quoted(source) + " " + quoted(dir.file("x")) + " --model 9")
                  .exitCode,
              1);

    // Without a project: a NIfTI file and a DICOM series, with uncertainty maps.
    const std::string out = dir.file("out");
    const std::string series = testDataDir() + "/dicom/hippo12";
    const CommandResult predict =
        runCli("predict --model " + quoted(bundle) + " " + quoted(hippocampusImage("006")) + " " +
               quoted(series) + " --out " + quoted(out) + " --uncertainty --device cpu");
    ASSERT_EQ(predict.exitCode, 0) << predict.output;
    EXPECT_TRUE(contains(predict.output, "Labelled 2 images with model segmentation 1"))
        << predict.output;
    EXPECT_TRUE(std::filesystem::exists(out + "/hippocampus_006_seg.nii.gz"));
    EXPECT_TRUE(std::filesystem::exists(out + "/hippocampus_006_uncertainty.nii.gz"));
    EXPECT_TRUE(std::filesystem::exists(out + "/predictions.csv"));
    size_t segs = 0;
    size_t seriesLabels = 0;
    for (const auto& entry : std::filesystem::directory_iterator(out)) {
        const std::string name = entry.path().filename().string();
        segs += name.size() > 8 && name.substr(name.size() - 8) == "_seg.dcm" ? 1 : 0;
        if (name.rfind("series", 0) == 0 && contains(name, "_seg.nii.gz")) {
            ++seriesLabels;
            EXPECT_EQ(readNiftiLabelMap(entry.path().string()).geometry.size[2], 12);
        }
    }
    EXPECT_EQ(seriesLabels, 1u);
    EXPECT_EQ(segs, 1u) << predict.output;  // the one-step model labels some voxels

    // The project form stays, and the two forms are not mixed up.
    EXPECT_EQ(
        runCli("predict --model 1 " + quoted(hippocampusImage("006")) + " --out " + quoted(out))
            .exitCode,
        2);
    EXPECT_EQ(runCli("predict " + quoted(source) + " " + quoted(source)).exitCode, 2);

    // Into another project with the same classes: predict with it, fine-tune from it.
    const std::string target = dir.file("target");
    initProject(target);
    importHippocampus(target, {"003"}, {"006"});
    const CommandResult imported = runCli("import-model " + quoted(target) + " " + quoted(bundle));
    ASSERT_EQ(imported.exitCode, 0) << imported.output;
    EXPECT_TRUE(contains(imported.output, "Imported model 1 (mean-teacher")) << imported.output;
    EXPECT_TRUE(contains(imported.output, "data/models/imported-1")) << imported.output;
    const CommandResult predicted = runCli("predict " + quoted(target) + " --device cpu");
    ASSERT_EQ(predicted.exitCode, 0) << predicted.output;
    EXPECT_TRUE(contains(predicted.output, "Saved 1 pseudo-labels of model 1")) << predicted.output;

    const CommandResult tuned = runCli("train " + quoted(target) +
                                       " --init 1 --iterations 2 --device cpu --threads 1"
                                       " --validation-interval 1 --no-quality --optimizer adam");
    ASSERT_EQ(tuned.exitCode, 0) << tuned.output;
    EXPECT_TRUE(contains(tuned.output, "Starting from the weights of model 1")) << tuned.output;
    EXPECT_TRUE(contains(tuned.output, "Finished after 2 iterations; model 2")) << tuned.output;
    {
        Project project = Project::open(target);
        const std::vector<TrainingRunRecord> runs = project.trainingRuns().list();
        ASSERT_EQ(runs.size(), 1u);
        EXPECT_EQ(runs[0].baseModelId, std::optional<int64_t>(1));
        EXPECT_TRUE(contains(runs[0].parametersJson, "network.base_channels = 4"))
            << runs[0].parametersJson;
    }
    const CommandResult otherNetwork = runCli("train " + quoted(target) +
                                              " --init 1 --base-channels 8 --iterations 2"
                                              " --device cpu --no-quality");
    EXPECT_EQ(otherNetwork.exitCode, 1);
    EXPECT_TRUE(contains(otherNetwork.output, "base channels 4 against 8")) << otherNetwork.output;

    // A project with other classes refuses the bundle and stays as it was.
    const std::string single = dir.file("single");
    ASSERT_EQ(runCli("init " + quoted(single) + " --classes hippocampus").exitCode, 0);
    const std::string before = projectFingerprint(single);
    const CommandResult refused = runCli("import-model " + quoted(single) + " " + quoted(bundle));
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(contains(refused.output, "its network predicts 3 classes")) << refused.output;
    EXPECT_EQ(projectFingerprint(single), before);
}

TEST(CliModelBundle, DamagedOrForeignBundlesAreRefused) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    const std::string notABundle = dir.file("model.segloop-model");
    std::ofstream(notABundle) << "PK\x03\x04 but no zip";
    const CommandResult predict =
        runCli("predict --model " + quoted(notABundle) + " " + quoted(hippocampusImage("001")) +
               " --out " + quoted(dir.file("out")));
    EXPECT_EQ(predict.exitCode, 1);
    EXPECT_TRUE(contains(predict.output, "is not a zip file")) << predict.output;
    const CommandResult imported =
        runCli("import-model " + quoted(project) + " " + quoted(hippocampusImage("001")));
    EXPECT_EQ(imported.exitCode, 1);
    EXPECT_TRUE(contains(imported.output, "is not a zip file")) << imported.output;
    const CommandResult noModel =
        runCli("export-model " + quoted(project) + " " + quoted(dir.file("m.segloop-model")));
    EXPECT_EQ(noModel.exitCode, 1);
    EXPECT_TRUE(contains(noModel.output, "no trained model yet")) << noModel.output;
}

}  // namespace
}  // namespace segloop
