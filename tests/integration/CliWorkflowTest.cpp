// The CLI end to end on real files: init, import (NIfTI with labels, DICOM), list, info, export.
#include <filesystem>

#include <gtest/gtest.h>

#include "CliTestSupport.h"
#include "core/io/NiftiReader.h"
#include "learning/settings/TrainingSettings.h"

namespace segloop {
namespace {

using namespace test;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(CliWorkflow, HelpForEveryCommandAndUsageErrors) {
    for (const char* command : {"init", "import", "list", "info", "export-nifti"}) {
        const CommandResult help = runCli(std::string(command) + " --help");
        EXPECT_EQ(help.exitCode, 0) << command;
        EXPECT_TRUE(contains(help.output, std::string("Usage: segloop-cli ") + command));
    }
    // train's help takes its choices and defaults from the settings table, not from a string.
    const CommandResult train = runCli("train --help");
    EXPECT_TRUE(contains(train.output,
                         "(supervised, mean-teacher, sgrs, buarl or quality-guided;"
                         " default " +
                             TrainingSettings{}.method + ")"))
        << train.output;
    EXPECT_TRUE(contains(
        train.output,
        "optimisation steps (default " + std::to_string(TrainingSettings{}.iterations) + " steps)"))
        << train.output;
    EXPECT_TRUE(contains(train.output,
                         "(blend or copy-paste; default " + MethodSettings{}.sgrsMixMode + ")"))
        << train.output;
    // Grouped by the table's groups (CLI11's help), a flag's default in words.
    EXPECT_TRUE(contains(train.output, "Schedule:")) << train.output;
    EXPECT_TRUE(contains(train.output, "--no-strong-view")) << train.output;
    EXPECT_TRUE(contains(train.output, "(default on)")) << train.output;
    EXPECT_EQ(runCli("--help").exitCode, 0);
    EXPECT_EQ(runCli("frobnicate").exitCode, 2);
    EXPECT_EQ(runCli("list").exitCode, 2);
    const CommandResult unknown = runCli("list /tmp --colour");
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_TRUE(contains(unknown.output, "unknown option --colour")) << unknown.output;
}

TEST(CliWorkflow, ImportNiftiWithLabelsListInfoAndExportRoundTrip) {
    TempDir dir;
    const std::string project = dir.file("project");
    initProject(project);
    const CommandResult imported =
        runCli("import '" + project + "' '" + testDataDir() + "/hippocampus/imagesTr' --labels '" +
               testDataDir() + "/hippocampus/labelsTr' --author alice");
    ASSERT_EQ(imported.exitCode, 0) << imported.output;
    EXPECT_TRUE(contains(imported.output, "Imported 4 volumes (4 with labels)")) << imported.output;

    const CommandResult list = runCli("list --csv '" + project + "'");
    EXPECT_TRUE(contains(list.output,
                         "hippocampus_003.nii.gz\",nifti,\"hippocampus_003\",34x52x35,human,1"))
        << list.output;
    const CommandResult info = runCli("info '" + project + "'");
    EXPECT_TRUE(contains(info.output, "4 human, 0 pseudo, 0 corrected, 0 accepted, 0 unlabelled"))
        << info.output;
    EXPECT_TRUE(contains(info.output, "1=anterior 2=posterior")) << info.output;
    const CommandResult volumeInfo = runCli("info '" + project + "' 2");
    EXPECT_TRUE(contains(volumeInfo.output, "human by alice")) << volumeInfo.output;

    const std::string out = dir.file("export");
    const CommandResult exported = runCli("export-nifti '" + project + "' '" + out + "'");
    ASSERT_EQ(exported.exitCode, 0) << exported.output;
    for (const std::string number : {"001", "003", "004", "006"}) {
        const Volume original = readNiftiVolume(hippocampusImage(number));
        const Volume copy = readNiftiVolume(out + "/images/hippocampus_" + number + ".nii.gz");
        EXPECT_EQ(copy.voxels, original.voxels) << number;
        EXPECT_TRUE(copy.geometry.sameGridAs(original.geometry, 1e-5)) << number;
        EXPECT_EQ(readNiftiLabelMap(out + "/labels/hippocampus_" + number + ".nii.gz").labels,
                  readNiftiLabelMap(hippocampusLabel(number)).labels);
    }
    const CommandResult again = runCli("export-nifti '" + project + "' '" + out + "'");
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_TRUE(contains(again.output, "already exists")) << again.output;
}

TEST(CliWorkflow, ListFiltersByLabelStatus) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    importHippocampus(project, {"001", "004"}, {"006"});
    const CommandResult none = runCli("list --csv --status none '" + project + "'");
    EXPECT_TRUE(contains(none.output, "hippocampus_006")) << none.output;
    EXPECT_FALSE(contains(none.output, "hippocampus_001")) << none.output;
    EXPECT_EQ(runCli("list --status maybe '" + project + "'").exitCode, 2);
}

TEST(CliWorkflow, ImportsDicomSeriesWithGeometry) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    const std::string series = testDataDir() + "/dicom/hippo12";
    if (!std::filesystem::is_directory(series)) {
        GTEST_SKIP() << series << " is absent";
    }
    const CommandResult imported = runCli("import '" + project + "' '" + series + "'");
    ASSERT_EQ(imported.exitCode, 0) << imported.output;
    EXPECT_TRUE(contains(imported.output, "Imported 1 volumes")) << imported.output;
    const CommandResult info = runCli("info '" + project + "' 1");
    EXPECT_TRUE(contains(info.output, "(dicom)")) << info.output;
    EXPECT_TRUE(contains(info.output, "MR")) << info.output;
}

}  // namespace
}  // namespace segloop
