// Fault: a project folder the user may not write. The real CLI, as user "nobody" when the tests
// run as root: reading commands work (list, info, log, export and report to a writable
// folder), every writing command is refused with one message naming the folder, and nothing in
// the project changes (no backup, no -shm file, no audit entry).

#include <filesystem>

#include <gtest/gtest.h>

#include "FaultTestSupport.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using namespace test;

class ReadOnlyFault : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!canActAsReadOnlyUser()) {
            GTEST_SKIP() << "running as root without setpriv: cannot act as another user";
        }
        project_ = dir_.file("project");
        initProject(project_);
        importHippocampus(project_, {"001", "003"}, {"004"});
        before_ = projectFingerprint(project_);
        // Others may enter the temp folder; the project is read-only for everyone but root
        // (and for us when we are not root).
        setMode(dir_.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                 fs::perms::others_read | fs::perms::others_exec);
        // Projects are created owner-only: every file becomes readable, nothing writable.
        for (const auto& entry : fs::recursive_directory_iterator(project_)) {
            if (!entry.is_directory()) {
                setMode(entry.path().string(),
                        fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
            } else {
                setMode(entry.path().string(), fs::perms::owner_read | fs::perms::owner_exec |
                                                   fs::perms::group_read | fs::perms::group_exec |
                                                   fs::perms::others_read | fs::perms::others_exec);
            }
        }
        setMode(project_, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                              fs::perms::group_exec | fs::perms::others_read |
                              fs::perms::others_exec);
        entriesBefore_ = listing(project_);
    }

    /// Every path under the folder: what a read-only open must leave as it was.
    static std::string listing(const std::string& folder) {
        std::string text;
        std::vector<std::string> paths;
        for (const auto& entry : fs::recursive_directory_iterator(folder)) {
            paths.push_back(entry.path().string());
        }
        std::sort(paths.begin(), paths.end());
        for (const std::string& path : paths) {
            text += path + "\n";
        }
        return text;
    }

    TempDir dir_;
    std::string project_;
    std::string before_;
    std::string entriesBefore_;
};

TEST_F(ReadOnlyFault, ListInfoLogAndExportWork) {
    const CommandResult list = runCliAsNobody("list --csv '" + project_ + "'");
    ASSERT_EQ(list.exitCode, 0) << list.output;
    EXPECT_TRUE(contains(list.output, "hippocampus_001")) << list.output;
    EXPECT_TRUE(contains(list.output, "hippocampus_004")) << list.output;

    const CommandResult info = runCliAsNobody("info '" + project_ + "' 1");
    ASSERT_EQ(info.exitCode, 0) << info.output;
    EXPECT_TRUE(contains(info.output, "human")) << info.output;

    const CommandResult log = runCliAsNobody("log '" + project_ + "'");
    ASSERT_EQ(log.exitCode, 0) << log.output;
    EXPECT_TRUE(contains(log.output, "import volume")) << log.output;

    const std::string out = dir_.file("export");
    fs::create_directory(out);
    setMode(out, fs::perms::all);
    const CommandResult exported = runCliAsNobody("export '" + project_ + "' '" + out + "'");
    ASSERT_EQ(exported.exitCode, 0) << exported.output;
    EXPECT_TRUE(fs::exists(out + "/manifest.csv"));
    EXPECT_EQ(std::distance(fs::directory_iterator(out + "/labels"), fs::directory_iterator()), 2);

    EXPECT_EQ(listing(project_), entriesBefore_) << "a read-only open left a file behind";
    EXPECT_EQ(projectFingerprint(project_), before_);
}

TEST_F(ReadOnlyFault, ReportIsWritten) {
    if (runCommand("command -v xvfb-run").exitCode != 0) {
        GTEST_SKIP() << "report draws its charts on an X display: needs xvfb-run";
    }
    const std::string out = dir_.file("report");
    fs::create_directory(out);
    setMode(out, fs::perms::all);
    // A display of the reading user's own (another user's X server would refuse it).
    const CommandResult report =
        runCommand(asNobodyPrefix() + "xvfb-run -a '" + cliPath() + "' report '" + project_ +
                   "' '" + out + "/report.html'");
    ASSERT_EQ(report.exitCode, 0) << report.output;
    EXPECT_GT(fs::file_size(out + "/report.html"), 0u);
    EXPECT_EQ(listing(project_), entriesBefore_) << "a read-only open left a file behind";
    EXPECT_EQ(projectFingerprint(project_), before_);
}

TEST_F(ReadOnlyFault, EveryWritingCommandIsRefusedWithOneMessage) {
    const std::string refusal =
        project_ + ": the project is read-only for this user (its folder cannot be written)";
    const std::vector<std::string> writers{
        "import '" + project_ + "' '" + hippocampusImage("006") + "'",
        "classes '" + project_ + "' --add extra",
        "revert '" + project_ + "' 1",
        "review '" + project_ + "' 3 --reject",
        "backup '" + project_ + "'",
        "restore '" + project_ + "' anything.segloop",
    };
    for (const std::string& command : writers) {
        const CommandResult result = runCliAsNobody(command);
        EXPECT_EQ(result.exitCode, 1) << command << "\n" << result.output;
        EXPECT_TRUE(contains(result.output, refusal) ||
                    contains(result.output, project_ + ": the project is read-only"))
            << command << "\n"
            << result.output;
        EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1)
            << "one line: " << result.output;
    }
    EXPECT_EQ(listing(project_), entriesBefore_);
    EXPECT_EQ(projectFingerprint(project_), before_);
}

}  // namespace
}  // namespace segloop
