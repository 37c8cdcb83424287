// Crash consistency (issue 30), the deterministic half of CrashConsistencyTest: what a process
// killed mid-write leaves (temporary files, a data file renamed into place before its row was
// committed) is swept on the next open that is alone with the project, and only then; a
// training run killed after a checkpoint resumes from it with `train --resume`.
#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "CrashConsistencySupport.h"
#include "integration/CliTestSupport.h"
#include "storage/AuditLog.h"
#include "storage/Project.h"
#include "storage/db/Statement.h"

namespace segloop {
namespace {

using namespace test;
namespace fs = std::filesystem;

void writeFile(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
}

/// The leftovers of killed writers: one temporary file of each writer and an unreferenced
/// label file (renamed into place, its row never committed).
void plantLeftovers(const std::string& project) {
    writeFile(project + "/data/labels/.staging-00000000deadbeef.nii.gz", "half");
    writeFile(project + "/data/volumes/.9.nii.gz.tmp-1234", "half");
    fs::create_directories(project + "/data/models/run-7");
    writeFile(project + "/data/models/run-7/latest.pt.partial", "half");
    writeFile(project + "/data/labels/99.nii.gz", "complete but never committed");
    fs::create_directories(project + "/backups");
    writeFile(project + "/backups/.staging-project-20261207-daily.segloop", "half");
}

TEST(CrashConsistencySweep, NextLoneOpenRemovesTemporaryFilesAndKeepsUnreferencedOnes) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    importHippocampus(project, {"001"}, {});
    plantLeftovers(project);

    const int64_t entriesBefore = Project::open(project).auditLog().count();
    EXPECT_TRUE(temporaryFilesUnder(project).empty());
    EXPECT_FALSE(fs::exists(project + "/data/labels/99.nii.gz"));
    std::ifstream moved(project + "/data/orphans/labels-99.nii.gz");
    std::string content;
    std::getline(moved, content);
    EXPECT_EQ(content, "complete but never committed") << "the unreferenced file was lost";
    // The label of record of the imported volume is untouched and still loads.
    Project opened = Project::open(project);
    EXPECT_NO_THROW(opened.labels().load(1));
    const auto entries = opened.auditLog().latest(5);
    bool logged = false;
    for (const AuditEntry& entry : entries) {
        logged = logged || entry.action == "sweep orphan files";
    }
    EXPECT_TRUE(logged) << "the move to data/orphans is in the audit log";
    EXPECT_GE(entriesBefore, 1);
}

TEST(CrashConsistencySweep, ProjectOpenElsewhereIsNotSwept) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    Project first = Project::open(project);  // another writer, maybe mid-write
    plantLeftovers(project);
    {
        Project second = Project::open(project);
        EXPECT_EQ(temporaryFilesUnder(project).size(), 4u) << "a live writer's files were swept";
        EXPECT_TRUE(fs::exists(project + "/data/labels/99.nii.gz"));
    }
    // Another process (the CLI) while this one holds the project: not swept either.
    ASSERT_EQ(runCli("info '" + project + "'").exitCode, 0);
    EXPECT_EQ(temporaryFilesUnder(project).size(), 4u);
}

TEST(CrashConsistencySweep, AloneAgainTheCliSweeps) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    plantLeftovers(project);
    ASSERT_EQ(runCli("info '" + project + "'").exitCode, 0);
    EXPECT_TRUE(temporaryFilesUnder(project).empty());
    EXPECT_TRUE(fs::exists(project + "/data/orphans/labels-99.nii.gz"));
}

const char* const kTinyTraining =
    " --method supervised --base-channels 4 --levels 2 --patch 16x16x16 --device cpu"
    " --optimizer adam --threads 1 --no-quality --validation-interval 10";

TEST(CrashConsistencyResume, TrainingKilledAfterACheckpointResumesFromIt) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    importHippocampus(project, {"001", "003"}, {});
    const CommandResult none = runCli("train '" + project + "' --resume");
    EXPECT_EQ(none.exitCode, 1) << none.output;
    EXPECT_NE(none.output.find("no interrupted training run"), std::string::npos) << none.output;

    // Kill the run once its first checkpoint is in place (no time limit: it waits for the file).
    const std::string checkpoint = project + "/data/models/run-1/latest.pt";
    const std::string log = dir.file("train.log");
    const pid_t child = ::fork();
    if (child == 0) {
        const std::string command = "exec '" + cliPath() + "' train '" + project + "'" +
                                    kTinyTraining + " --iterations 100 --checkpoint-interval 5 >'" +
                                    log + "' 2>&1";
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(child, &status, WNOHANG) == 0 && !fs::exists(checkpoint)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the run ended before it was killed";
    ASSERT_TRUE(fs::exists(checkpoint));

    const CommandResult resumed = runCli("train '" + project + "' --resume");
    ASSERT_EQ(resumed.exitCode, 0) << resumed.output;
    const std::string prefix = "Resuming training run 1 (running) from iteration ";
    const size_t at = resumed.output.find(prefix);
    ASSERT_NE(at, std::string::npos) << resumed.output;
    EXPECT_GT(std::atoll(resumed.output.c_str() + at + prefix.size()), 0) << resumed.output;
    EXPECT_NE(resumed.output.find("Finished after 100 iterations"), std::string::npos)
        << resumed.output;
    const CommandResult again = runCli("train '" + project + "' --resume");
    EXPECT_EQ(again.exitCode, 1) << "a finished run is not resumed again\n" << again.output;
    Project opened = Project::open(project);
    Statement run(opened.database(),
                  "SELECT status, json_extract(parameters_json, '$.checkpoint_iteration') FROM "
                  "training_runs WHERE id = 1");
    ASSERT_TRUE(run.step());
    EXPECT_EQ(run.columnText(0), "finished");
    EXPECT_EQ(run.columnInt64(1), 100) << "the last checkpoint is recorded on the run";
}

}  // namespace
}  // namespace segloop
