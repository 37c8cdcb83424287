// `train`, `predict` and `evaluate` end to end on a real project (tiny network, CPU).
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

/// Every pseudo-label version has data/labels/<id>-regions.nii.gz on its image's grid with
/// only the codes 0-3 (and some voxels other than 0), beside its uncertainty map.
void expectRegionMapsBesidePseudoLabels(const std::string& folder, size_t expected) {
    Project project = Project::open(folder);
    size_t found = 0;
    for (const VolumeRecord& volume : project.volumes().list()) {
        const auto latest = project.labels().latestForVolume(volume.volumeId);
        if (!latest || latest->provenance != LabelProvenance::Pseudo) {
            continue;
        }
        ++found;
        const std::string path =
            project.layout().absolute(ProjectLayout::regionsDataPath(latest->id));
        ASSERT_TRUE(std::filesystem::exists(path)) << path;
        EXPECT_TRUE(std::filesystem::exists(
            project.layout().absolute(ProjectLayout::uncertaintyDataPath(latest->id))));
        const LabelMap regions = readNiftiLabelMap(path);
        const Volume image = project.volumes().load(volume.volumeId);
        EXPECT_EQ(regions.geometry.size, image.geometry.size);
        for (int axis = 0; axis < 3; ++axis) {
            EXPECT_NEAR(regions.geometry.spacingMm[axis], image.geometry.spacingMm[axis], 1e-4);
            EXPECT_NEAR(regions.geometry.originMm[axis], image.geometry.originMm[axis], 1e-3);
        }
        EXPECT_LE(regions.maxLabel(), 3) << path;
        size_t marked = 0;
        for (uint16_t code : regions.labels) {
            marked += code != 0 ? 1 : 0;
        }
        EXPECT_GT(marked, 0u) << path;
    }
    EXPECT_EQ(found, expected);
}

TEST(CliTraining, TrainPredictEvaluateOnAProject) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    const std::string labels = dir.file("labels");
    std::filesystem::create_directory(labels);
    for (const std::string number : {"001", "003"}) {
        std::filesystem::copy_file(hippocampusLabel(number),
                                   labels + "/hippocampus_" + number + ".nii.gz");
    }
    ASSERT_EQ(runCli("import '" + project + "' '" + testDataDir() +
                     "/hippocampus/imagesTr' --labels '" + labels + "'")
                  .exitCode,
              0);

    const std::string tiny =
        " --iterations 4 --base-channels 4 --levels 3 --patch 16x16x16 --device cpu"
        " --validation-interval 2 --optimizer adam";
    const CommandResult train = runCli("train '" + project + "' --method mean-teacher" + tiny);
    ASSERT_EQ(train.exitCode, 0) << train.output;
    EXPECT_TRUE(contains(train.output, "iteration 4/4")) << train.output;
    EXPECT_TRUE(contains(train.output, "validation at 2")) << train.output;
    EXPECT_TRUE(contains(train.output, "Finished after 4 iterations; model 1")) << train.output;
    EXPECT_TRUE(std::filesystem::exists(project + "/data/models/run-1/latest.pt"));
    // Two labelled volumes validate on both: too few to choose by, so the last weights stay.
    EXPECT_FALSE(std::filesystem::exists(project + "/data/models/run-1/best.pt"));
    EXPECT_TRUE(contains(train.output, "run-1/latest.pt); kept the last weights (validation Dice"))
        << train.output;
    EXPECT_TRUE(contains(train.output, "2 validation cases are too few to choose the best by"))
        << train.output;

    const CommandResult predict = runCli("predict '" + project + "'");
    ASSERT_EQ(predict.exitCode, 0) << predict.output;
    EXPECT_TRUE(contains(predict.output, "Saved 2 pseudo-labels of model 1")) << predict.output;
    const CommandResult info = runCli("info '" + project + "'");
    EXPECT_TRUE(contains(info.output, "2 human, 2 pseudo, 0 corrected, 0 accepted, 0 unlabelled"))
        << info.output;
    EXPECT_TRUE(contains(info.output, "Models       1, training runs 1")) << info.output;
    const CommandResult volume = runCli("info '" + project + "' 3");
    EXPECT_TRUE(contains(volume.output, "pseudo by")) << volume.output;
    expectRegionMapsBesidePseudoLabels(project, 2);
    const CommandResult withoutRegions = runCli("predict '" + project + "' --no-regions");
    ASSERT_EQ(withoutRegions.exitCode, 0) << withoutRegions.output;
    EXPECT_TRUE(contains(withoutRegions.output, "with their uncertainty maps"))
        << withoutRegions.output;
    {
        Project opened = Project::open(project);
        const auto latest =
            opened.labels().latestForVolume(opened.volumes().list().back().volumeId);
        ASSERT_TRUE(latest && latest->provenance == LabelProvenance::Pseudo);
        EXPECT_FALSE(std::filesystem::exists(
            opened.layout().absolute(ProjectLayout::regionsDataPath(latest->id))));
    }

    const std::string csv = dir.file("metrics.csv");
    const CommandResult evaluate = runCli("evaluate '" + project + "' --csv '" + csv + "'");
    ASSERT_EQ(evaluate.exitCode, 0) << evaluate.output;
    EXPECT_TRUE(contains(evaluate.output, "HD95 mm")) << evaluate.output;
    EXPECT_TRUE(contains(evaluate.output, "anterior")) << evaluate.output;
    EXPECT_TRUE(std::filesystem::file_size(csv) > 50);

    const CommandResult badMethod = runCli("train '" + project + "' --method magic" + tiny);
    EXPECT_EQ(badMethod.exitCode, 2);  // a usage error: the settings table knows the methods
    EXPECT_TRUE(contains(badMethod.output, "magic")) << badMethod.output;

    const CommandResult badMix =
        runCli("train '" + project + "' --method sgrs --sgrs-mix cutmix" + tiny);
    EXPECT_EQ(badMix.exitCode, 2);  // a usage error
    EXPECT_TRUE(contains(badMix.output, "--sgrs-mix")) << badMix.output;
    // Out-of-range values are usage errors naming the key and its range, before anything runs.
    const CommandResult badTau =
        runCli("train '" + project + "' --method sgrs --set 'methods.sgrs_tau = 0.7'" + tiny);
    EXPECT_EQ(badTau.exitCode, 2) << badTau.output;
    EXPECT_TRUE(contains(badTau.output,
                         "setting methods.sgrs_tau = 0.7 is out of range: must be in [0, 0.5]"))
        << badTau.output;
    const CommandResult noSteps =
        runCli("train '" + project + "' --iterations 0 --base-channels 4 --device cpu");
    EXPECT_EQ(noSteps.exitCode, 2) << noSteps.output;
    EXPECT_TRUE(contains(noSteps.output, "setting iterations = 0 is out of range"))
        << noSteps.output;

    // --no-strong-view, --sgrs-mix and --one-decay train and are recorded with the run's
    // settings; runs without them get the defaults (strong view, copy-paste, restarts).
    const CommandResult strong =
        runCli("train '" + project + "' --method sgrs --no-strong-view --sgrs-mix blend" +
               " --one-decay --set best_checkpoint_min_cases=2" + tiny);
    ASSERT_EQ(strong.exitCode, 0) << strong.output;
    EXPECT_TRUE(contains(strong.output, "/best.pt); kept the best weights on 2 validation cases"))
        << strong.output;
    Project opened = Project::open(project);
    const std::vector<TrainingRunRecord> runs = opened.trainingRuns().list();
    ASSERT_GE(runs.size(), 2u);
    EXPECT_TRUE(contains(runs.back().parametersJson, "methods.strong_student_view = 0"))
        << runs.back().parametersJson;
    EXPECT_TRUE(contains(runs.front().parametersJson, "methods.strong_student_view = 1"))
        << runs.front().parametersJson;
    EXPECT_TRUE(contains(runs.back().parametersJson, "methods.sgrs_mix_mode = blend"))
        << runs.back().parametersJson;
    EXPECT_TRUE(contains(runs.front().parametersJson, "methods.sgrs_mix_mode = copy-paste"))
        << runs.front().parametersJson;
    const CommandResult both =
        runCli("train '" + project + "' --strong-view --no-strong-view" + tiny);
    EXPECT_EQ(both.exitCode, 2) << both.output;
    EXPECT_TRUE(contains(runs.back().parametersJson, "restart_decay_on_new_labels = 0"))
        << runs.back().parametersJson;
    EXPECT_TRUE(contains(runs.front().parametersJson, "restart_decay_on_new_labels = 1"))
        << runs.front().parametersJson;

    // --set reaches any stored setting; the planned patch gives way to one set there.
    const std::string small = " --iterations 2 --base-channels 4 --levels 3 --device cpu";
    const CommandResult set = runCli(
        "train '" + project + "' --method supervised" + small +
        " --set 'methods.ema_max_decay = 0.97;methods.ramp_up_fraction=0.5; sampler.patch_x = 24'");
    ASSERT_EQ(set.exitCode, 0) << set.output;
    EXPECT_TRUE(contains(set.output, "patch 24x48x32")) << set.output;
    const std::string recorded = Project::open(project).trainingRuns().list().back().parametersJson;
    EXPECT_TRUE(contains(recorded, "methods.ema_max_decay = 0.96999")) << recorded;
    EXPECT_TRUE(contains(recorded, "methods.ramp_up_fraction = 0.5")) << recorded;
    const CommandResult planned = runCli("train '" + project + "' --method supervised" + small);
    ASSERT_EQ(planned.exitCode, 0) << planned.output;
    EXPECT_TRUE(contains(planned.output, "patch 32x48x32")) << planned.output;  // 35x50x36 crops
    const CommandResult unknown =
        runCli("train '" + project + "' --set 'methods.no_such_key = 1'" + small);
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_TRUE(contains(unknown.output, "methods.no_such_key")) << unknown.output;
    EXPECT_TRUE(contains(unknown.output, "--set")) << unknown.output;
    const CommandResult noValue = runCli("train '" + project + "' --set 'seed'" + small);
    EXPECT_EQ(noValue.exitCode, 2);
    EXPECT_TRUE(contains(noValue.output, "'seed' is no 'key = value' setting")) << noValue.output;

    // Rerun with a recorded run's settings: all of them (the --set run's patch and decay, too),
    // with the options given changing them.
    const int64_t setRun = Project::open(project).trainingRuns().list().end()[-2].id;
    const CommandResult rerun = runCli("train '" + project + "' --settings-of " +
                                       std::to_string(setRun) + " --iterations 3");
    ASSERT_EQ(rerun.exitCode, 0) << rerun.output;
    EXPECT_TRUE(contains(rerun.output,
                         "Starting from the settings of training run " + std::to_string(setRun)))
        << rerun.output;
    EXPECT_TRUE(contains(rerun.output, "patch 24x48x32")) << rerun.output;
    const std::string again = Project::open(project).trainingRuns().list().back().parametersJson;
    for (const char* kept :
         {"method = supervised", "methods.ema_max_decay = 0.96999",
          "methods.ramp_up_fraction = 0.5", "network.base_channels = 4", "iterations = 3"}) {
        EXPECT_TRUE(contains(again, kept)) << kept << " in " << again;
    }
    const CommandResult noRun = runCli("train '" + project + "' --settings-of 99" + small);
    EXPECT_NE(noRun.exitCode, 0);
    EXPECT_TRUE(contains(noRun.output, "training run 99: no such training run in the project"))
        << noRun.output;
}

}  // namespace
}  // namespace segloop
