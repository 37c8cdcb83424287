// Two connections to one project in one process (the window's own and its training run's
// dataset poll, or a workflow task's), while another process writes (issue 30): opening the
// second one must not drop the first one's locks. It did: the open read the database's header
// through a descriptor of its own, and closing any descriptor of a file drops every POSIX lock
// the process holds on it, so SQLite's locks were gone while `segloop-cli train` wrote, and
// the project database read "database disk image is malformed" afterwards.
#include <string>

#include <gtest/gtest.h>

#include "FaultTestSupport.h"
#include "storage/Project.h"
#include "storage/TrainingRunRepository.h"

namespace segloop {
namespace {

using namespace test;

TEST(SecondConnection, OpeningAgainWhileOneIsOpenKeepsTheDatabaseWhole) {
    TempDir dir;
    const std::string folder = dir.file("p");
    initProject(folder);
    importHippocampus(folder, {"001", "003"}, {"004"});
    const std::string tiny =
        " --method supervised --iterations 2 --base-channels 4 --levels 3 --patch 16x16x16"
        " --device cpu --no-quality";

    Project held = Project::open(folder);  // stays open throughout, as the window's does
    for (int round = 0; round < 3; ++round) {
        { Project second = Project::open(folder); }  // opened and closed beside it
        const CommandResult train = runCli("train '" + folder + "'" + tiny);
        ASSERT_EQ(train.exitCode, 0) << train.output;
        // Opening runs SQLite's quick check: a malformed page would be refused here.
        Project reader = Project::open(folder);
        EXPECT_EQ(reader.trainingRuns().list().size(), size_t(round + 1));
    }
    EXPECT_EQ(held.trainingRuns().list().size(), 3u) << "the held connection reads the runs";
}

}  // namespace
}  // namespace segloop
