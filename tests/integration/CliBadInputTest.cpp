// Bad input through the CLI: each gets a one-line error naming the file and the problem, a
// non-zero exit code, and the project is left exactly as it was.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "CliTestSupport.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"

namespace segloop {
namespace {

using namespace test;

class CliBadInput : public ::testing::Test {
  protected:
    void SetUp() override {
        project_ = dir_.file("project");
        initProject(project_);
        const CommandResult first =
            runCli("import '" + project_ + "' '" + hippocampusImage("001") + "' --labels '" +
                   testDataDir() + "/hippocampus/labelsTr'");
        ASSERT_EQ(first.exitCode, 0) << first.output;
        before_ = projectFingerprint(project_);
    }

    /// Runs an import that must fail with exit code 1 and a message holding each fragment,
    /// and checks that the project did not change.
    void expectRefused(const std::string& arguments, std::initializer_list<std::string> fragments) {
        const CommandResult result = runCli("import '" + project_ + "' " + arguments);
        EXPECT_EQ(result.exitCode, 1) << result.output;
        for (const std::string& fragment : fragments) {
            EXPECT_NE(result.output.find(fragment), std::string::npos)
                << "output lacks '" << fragment << "':\n"
                << result.output;
        }
        EXPECT_EQ(projectFingerprint(project_), before_);
    }

    std::string copyOfFirstBytes(const std::string& source, size_t bytes, const std::string& name) {
        std::ifstream in(source, std::ios::binary);
        std::string data(bytes, '\0');
        in.read(data.data(), std::streamsize(bytes));
        const std::string path = dir_.file(name);
        std::ofstream(path, std::ios::binary).write(data.data(), in.gcount());
        return path;
    }

    TempDir dir_;
    std::string project_;
    std::string before_;
};

TEST_F(CliBadInput, TruncatedNiftiGz) {
    const std::string bad = copyOfFirstBytes(hippocampusImage("004"), 30000, "cut.nii.gz");
    // The good file listed first is rolled back too: all or nothing.
    expectRefused("'" + hippocampusImage("006") + "' '" + bad + "'", {bad, "truncated"});
}

TEST_F(CliBadInput, WrongMagic) {
    const std::string bad = dir_.file("words.nii");
    std::ofstream(bad) << std::string(400, 'a');
    expectRefused("'" + bad + "'", {bad, "not a NIfTI file"});
}

TEST_F(CliBadInput, LabelOfWrongSize) {
    // hippocampus_004's label (36x52x38) named as the label of hippocampus_006 (35x52x34).
    const std::string labels = dir_.file("labels");
    std::filesystem::create_directory(labels);
    std::filesystem::copy_file(hippocampusLabel("004"), labels + "/hippocampus_006.nii.gz");
    expectRefused("'" + hippocampusImage("006") + "' --labels '" + labels + "'",
                  {labels + "/hippocampus_006.nii.gz", "36x52x38", "35x52x34"});
}

TEST_F(CliBadInput, LabelOnAShiftedGrid) {
    LabelMap label = readNiftiLabelMap(hippocampusLabel("006"));
    label.geometry.originMm[2] += 2.5;
    const std::string labels = dir_.file("labels");
    std::filesystem::create_directory(labels);
    writeNiftiLabelMap(label, labels + "/hippocampus_006_seg.nii.gz");
    expectRefused("'" + hippocampusImage("006") + "' --labels '" + labels + "'",
                  {"hippocampus_006_seg.nii.gz", "2.5"});
}

TEST_F(CliBadInput, DicomThatIsNotAnImage) {
    const std::string folder = dir_.file("rt");
    std::filesystem::create_directory(folder);
    std::filesystem::copy_file(testDataDir() + "/dicom/non-image/rtstruct.dcm", folder + "/rt.dcm");
    // An RTSTRUCT is imported as labels now: this one (a header without contours) references no
    // series, and says so.
    expectRefused("'" + folder + "'", {folder + "/rt.dcm", "references no source series"});
    std::filesystem::copy_file(testDataDir() + "/dicom/non-image/sr.dcm", folder + "/sr.dcm");
    expectRefused("'" + folder + "'", {"not an image"});
}

TEST_F(CliBadInput, SameSeriesTwice) {
    expectRefused("'" + hippocampusImage("001") + "'",
                  {hippocampusImage("001"), "already in the project"});
    // Twice in one command: the second copy is refused and the first rolled back with it.
    const std::string copy = dir_.file("again.nii.gz");
    std::filesystem::copy_file(hippocampusImage("006"), copy);
    expectRefused("'" + hippocampusImage("006") + "' '" + copy + "'",
                  {copy, "already in the project"});
}

TEST_F(CliBadInput, SameDicomSeriesTwice) {
    const std::string series = testDataDir() + "/dicom/hippo12";
    ASSERT_EQ(runCli("import '" + project_ + "' '" + series + "'").exitCode, 0);
    before_ = projectFingerprint(project_);
    expectRefused("'" + testDataDir() + "/dicom/hippo12-rle'", {"already in the project"});
}

TEST_F(CliBadInput, SkipBadImportsTheGoodOnes) {
    const std::string bad = dir_.file("words.nii");
    std::ofstream(bad) << std::string(400, 'a');
    const CommandResult result = runCli("import --skip-bad '" + project_ + "' '" + bad + "' '" +
                                        hippocampusImage("006") + "'");
    EXPECT_EQ(result.exitCode, 3) << result.output;
    EXPECT_NE(result.output.find("refused: " + bad + ": not a NIfTI file"), std::string::npos)
        << result.output;
    EXPECT_NE(projectFingerprint(project_), before_);
    EXPECT_NE(runCli("list --csv '" + project_ + "'").output.find("hippocampus_006"),
              std::string::npos);
}

TEST_F(CliBadInput, MissingInputAndNotAProject) {
    expectRefused("'" + dir_.file("nowhere.nii.gz") + "'", {"nowhere.nii.gz", "no such file"});
    const CommandResult notProject = runCli("list '" + dir_.path() + "'");
    EXPECT_EQ(notProject.exitCode, 1);
    EXPECT_NE(notProject.output.find(dir_.path()), std::string::npos) << notProject.output;
}

TEST_F(CliBadInput, ReadOnlyProjectFolder) {
    if (geteuid() != 0 && access(project_.c_str(), W_OK) == 0) {
        // Not root: a plain chmod makes the folder read-only for us.
    } else if (runCommand("command -v setpriv").exitCode != 0) {
        GTEST_SKIP() << "running as root without setpriv: cannot drop privileges";
    }
    std::filesystem::permissions(project_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::remove);
    std::filesystem::permissions(
        project_,
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
            std::filesystem::perms::group_read | std::filesystem::perms::group_exec |
            std::filesystem::perms::others_read | std::filesystem::perms::others_exec,
        std::filesystem::perm_options::replace);
    // As root, run the CLI as user "nobody", for whom the folder is read-only.
    const std::string prefix =
        geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
    std::filesystem::permissions(
        dir_.path(), std::filesystem::perms::others_read | std::filesystem::perms::others_exec,
        std::filesystem::perm_options::add);
    const CommandResult result = runCommand(prefix + "'" + cliPath() + "' import '" + project_ +
                                            "' '" + hippocampusImage("006") + "'");
    EXPECT_EQ(result.exitCode, 1) << result.output;
    EXPECT_NE(result.output.find(project_), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("read-only"), std::string::npos) << result.output;
    std::filesystem::permissions(project_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add);
    EXPECT_EQ(projectFingerprint(project_), before_);
}

}  // namespace
}  // namespace segloop
