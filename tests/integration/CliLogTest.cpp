// `segloop-cli log`: the audit log printed one entry a line, filtered by volume, author and time,
// with usage errors for a bad --since or --volume.
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "CliTestSupport.h"

namespace segloop {
namespace {

using namespace test;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// The lines of `log` output that are entries (they start with the year of their time).
std::vector<std::string> entryLines(const std::string& output) {
    std::vector<std::string> lines;
    std::istringstream stream(output);
    std::string line;
    while (std::getline(stream, line)) {
        if (line.size() > 4 && line[0] == '2' && line[4] == '-') {
            lines.push_back(line);
        }
    }
    return lines;
}

/// Runs segloop-cli as the login `user` (the project records $USER in the audit log).
CommandResult runCliAs(const std::string& user, const std::string& arguments) {
    return runCommand("USER=" + user + " '" + cliPath() + "' " + arguments);
}

class CliLogTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_EQ(runCliAs("carol", "init '" + project + "' --classes anterior,posterior").exitCode,
                  0);
        // alice imports 001 and 003 with their labels (volumes 1, 2; label versions 1, 2),
        // bob imports 006 without (volume 3).
        const CommandResult labelled =
            runCliAs("alice", "import '" + project + "' '" + hippocampusImage("001") + "' '" +
                                  hippocampusImage("003") + "' --labels '" + testDataDir() +
                                  "/hippocampus/labelsTr'");
        ASSERT_EQ(labelled.exitCode, 0) << labelled.output;
        const CommandResult unlabelled =
            runCliAs("bob", "import '" + project + "' '" + hippocampusImage("006") + "'");
        ASSERT_EQ(unlabelled.exitCode, 0) << unlabelled.output;
    }

    std::vector<std::string> log(const std::string& options) {
        const CommandResult result = runCli("log '" + project + "' " + options);
        EXPECT_EQ(result.exitCode, 0) << result.output;
        return entryLines(result.output);
    }

    TempDir dir;
    std::string project = dir.file("project");
};

TEST_F(CliLogTest, PrintsEveryEntryOldestFirstWithUserActionSubjectAndDetails) {
    const std::vector<std::string> lines = log("");
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_TRUE(contains(lines[0], "carol") && contains(lines[0], "create label set") &&
                contains(lines[0], "label set 1") && contains(lines[0], "\"name\":\"labels\""))
        << lines[0];
    EXPECT_TRUE(contains(lines[1], "alice") && contains(lines[1], "import volume") &&
                contains(lines[1], "volume 1") && contains(lines[1], "hippocampus_001"))
        << lines[1];
    EXPECT_TRUE(contains(lines[2], "add label version") && contains(lines[2], "label version 1") &&
                contains(lines[2], "\"provenance\":\"human\""))
        << lines[2];
    EXPECT_TRUE(contains(lines[5], "bob") && contains(lines[5], "volume 3")) << lines[5];
    for (size_t n = 1; n < lines.size(); ++n) {
        EXPECT_LE(lines[n - 1].substr(0, 24), lines[n].substr(0, 24));  // times, as stored
    }
}

TEST_F(CliLogTest, FiltersByVolumeAuthorAndTime) {
    const std::vector<std::string> volume = log("--volume 1");
    ASSERT_EQ(volume.size(), 2u);
    EXPECT_TRUE(contains(volume[0], "import volume") && contains(volume[0], "volume 1"));
    EXPECT_TRUE(contains(volume[1], "label version 1"));
    const std::vector<std::string> second = log("--volume=2");
    ASSERT_EQ(second.size(), 2u);
    EXPECT_TRUE(contains(second[1], "label version 2")) << second[1];

    const std::vector<std::string> bob = log("--author bob");
    ASSERT_EQ(bob.size(), 1u);
    EXPECT_TRUE(contains(bob[0], "volume 3"));
    EXPECT_TRUE(log("--author dave").empty());
    EXPECT_EQ(log("--author alice --volume 3").size(), 0u);

    EXPECT_EQ(log("--since 2000-01-01").size(), 6u);
    EXPECT_EQ(log("--since 2000-01-01T00:00:00Z --author alice").size(), 4u);
    const CommandResult future = runCli("log '" + project + "' --since 2999-12-31");
    EXPECT_EQ(future.exitCode, 0);
    EXPECT_TRUE(entryLines(future.output).empty());
    EXPECT_TRUE(contains(future.output, "No audit entries match")) << future.output;
    // The time of the last entry, given as --since, keeps that entry (at or after).
    const std::vector<std::string> all = log("");
    const std::string lastTime = all.back().substr(0, all.back().find(' '));
    const std::vector<std::string> last = log("--since " + lastTime);
    ASSERT_GE(last.size(), 1u);
    EXPECT_EQ(last.back().substr(0, lastTime.size()), lastTime);
    EXPECT_TRUE(contains(last.back(), "volume 3")) << last.back();
}

TEST_F(CliLogTest, BadOptionsAreUsageErrorsAndAnUnknownVolumeFails) {
    for (const char* since : {"yesterday", "2024-02-30", "2024-01-01T24:00"}) {
        const CommandResult bad = runCli("log '" + project + "' --since '" + since + "'");
        EXPECT_EQ(bad.exitCode, 2) << since;
        EXPECT_TRUE(contains(bad.output, "--since needs a date")) << bad.output;
    }
    EXPECT_EQ(runCli("log '" + project + "' --volume one").exitCode, 2);
    EXPECT_EQ(runCli("log '" + project + "' --since").exitCode, 2);
    const CommandResult unknown = runCli("log '" + project + "' --volume 42");
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_TRUE(contains(unknown.output, "volume 42")) << unknown.output;
    const CommandResult help = runCli("log --help");
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(contains(help.output, "Usage: segloop-cli log")) << help.output;
    EXPECT_TRUE(contains(runCli("--help").output, "log")) << "listed in the overview";
}

}  // namespace
}  // namespace segloop
