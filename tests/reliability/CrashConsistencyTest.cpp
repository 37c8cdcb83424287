// Crash consistency (issue 30): the real segloop-cli is killed with SIGKILL at random moments of
// import, label save (predict), review accept, correct (revert), scoring, export and training
// (checkpoint writes), on copies of one small real project (tests/data/hippocampus and
// tests/data/dicom). After each kill the project must open, pass PRAGMA integrity_check, keep
// every label version it had before with the same voxels, reference no missing or half-written
// file, have no temporary file left once opened, and a killed training run must resume from its
// last checkpoint and finish.
//
// SEGLOOP_KILL_ROUNDS: kills in all (default 20, spread over the operations in turn);
// SEGLOOP_KILL_SEED: replays the delays of an earlier run (its seed is printed).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "CrashConsistencySupport.h"
#include "core/io/NiftiReader.h"
#include "integration/CliTestSupport.h"
#include "learning/inference/ModelExport.h"
#include "learning/quality/QualityPredictor.h"
#include "storage/DataFileCheck.h"
#include "storage/Project.h"
#include "storage/db/Statement.h"

namespace segloop {
namespace {

using namespace test;
namespace fs = std::filesystem;

const char* const kTinyTraining =
    "--method supervised --base-channels 4 --levels 2 --patch 16x16x16 --device cpu "
    "--optimizer adam --threads 1";

/// One operation the test kills: its arguments for a project copy at `project` (output folder
/// `outside`, outside the project).
struct Operation {
    std::string name;
    std::vector<std::string> (*arguments)(const std::string& project, const std::string& outside);
};

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string word; in >> word;) {
        words.push_back(word);
    }
    return words;
}

std::vector<std::string> withWords(std::vector<std::string> arguments, const std::string& text) {
    for (const std::string& word : split(text)) {
        arguments.push_back(word);
    }
    return arguments;
}

const std::vector<Operation>& operations() {
    static const std::vector<Operation> all{
        {"import",
         [](const std::string& p, const std::string&) {
             return std::vector<std::string>{"import", p, testDataDir() + "/dicom/hippo12-jpegls"};
         }},
        {"label save (predict)",
         [](const std::string& p, const std::string&) {
             return std::vector<std::string>{"predict",     p,  "--all", "--device", "cpu",
                                             "--mc-passes", "2"};
         }},
        {"accept",
         [](const std::string& p, const std::string&) {
             return std::vector<std::string>{"review", p, "4", "--accept", "--reviewer", "crash"};
         }},
        {"correct (revert)",
         [](const std::string& p, const std::string&) {
             return std::vector<std::string>{"revert", p, "1"};
         }},
        {"score",
         [](const std::string& p, const std::string&) {
             return std::vector<std::string>{"score",       p,  "--rescore", "--device", "cpu",
                                             "--mc-passes", "2"};
         }},
        {"export",
         [](const std::string& p, const std::string& outside) {
             return std::vector<std::string>{"export", p, outside + "/export"};
         }},
        {"train",
         [](const std::string& p, const std::string&) {
             return withWords({"train", p}, std::string(kTinyTraining) +
                                                " --iterations 60 --checkpoint-interval 5"
                                                " --validation-interval 20 --no-quality");
         }},
    };
    return all;
}

/// The base project: 3 labelled and 1 unlabelled hippocampus volume, a tiny model with its
/// quality predictor, pseudo-labels of every volume and their scores.
void makeBaseProject(const std::string& project) {
    initProject(project);
    importHippocampus(project, {"001", "003", "004"}, {"006"});
    for (const std::string& step :
         {"train '" + project + "' " + kTinyTraining + " --iterations 20 --quality-iterations 5",
          "predict '" + project + "' --all --device cpu --mc-passes 2"}) {
        const CommandResult result = runCli(step);
        ASSERT_EQ(result.exitCode, 0) << step << "\n" << result.output;
    }
}

/// label version id -> voxel hash, loaded through the project (checks each file's fingerprint).
std::map<int64_t, std::string> labelHashes(Project& project) {
    std::map<int64_t, std::string> hashes;
    std::vector<int64_t> ids;
    Statement statement(project.database(), "SELECT id FROM label_versions ORDER BY id");
    while (statement.step()) {
        ids.push_back(statement.columnInt64(0));
    }
    for (int64_t id : ids) {
        hashes[id] = voxelHash(project.labels().load(id));
    }
    return hashes;
}

std::map<int64_t, std::string> baseLabelHashes(const std::string& folder) {
    Project project = Project::open(folder);
    return labelHashes(project);
}

/// Counts of what the kills found, per operation.
struct Tally {
    int kills = 0;
    int finishedFirst = 0;    ///< the process ended before the kill
    int midWrite = 0;         ///< temporary or unreferenced data files were left behind
    int partlyDone = 0;       ///< killed after some of its changes were committed
    int orphansMoved = 0;     ///< rounds whose reopen moved data files to data/orphans
    int resumed = 0;          ///< train: resumed from a checkpoint and finished
    int nothingToResume = 0;  ///< train: killed before its first checkpoint, or done
    int failures = 0;
    int64_t rows = 0;  ///< rows after the last check
};

/// Rows in all the project's tables: changes when an operation committed anything.
int64_t rowCount(Project& project) {
    std::vector<std::string> tables;
    {
        Statement names(project.database(),
                        "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                        "name NOT LIKE 'sqlite_%'");
        while (names.step()) {
            tables.push_back(names.columnText(0));
        }
    }
    int64_t rows = 0;
    for (const std::string& table : tables) {
        Statement count(project.database(), "SELECT count(*) FROM \"" + table + "\"");
        rows += count.step() ? count.columnInt64(0) : 0;
    }
    return rows;
}

/// Everything checked on a project after a kill; EXPECTs on failure. Adds to `tally`.
void checkAfterKill(const std::string& folder, const std::map<int64_t, std::string>& before,
                    Tally& tally) {
    const std::vector<std::string> leftBefore = temporaryFilesUnder(folder);
    const size_t orphansBefore = fileCount(folder + "/data/orphans");
    Project project = Project::open(folder);  // sweeps orphan files
    EXPECT_TRUE(temporaryFilesUnder(folder).empty())
        << "temporary files remain after the reopen: " << temporaryFilesUnder(folder).front();
    const size_t orphansMoved = fileCount(folder + "/data/orphans") - orphansBefore;
    tally.midWrite += (!leftBefore.empty() || orphansMoved > 0) ? 1 : 0;
    tally.orphansMoved += orphansMoved > 0 ? 1 : 0;
    tally.rows = rowCount(project);
    {
        Statement integrity(project.database(), "PRAGMA integrity_check");
        ASSERT_TRUE(integrity.step());
        EXPECT_EQ(integrity.columnText(0), "ok");
        Statement foreignKeys(project.database(), "PRAGMA foreign_key_check");
        EXPECT_FALSE(foreignKeys.step()) << "a row references a missing row";
    }
    const std::map<int64_t, std::string> after = labelHashes(project);  // every row loads
    for (const auto& [id, hash] : before) {
        const auto found = after.find(id);
        EXPECT_TRUE(found != after.end()) << "label version " << id << " was lost";
        if (found != after.end()) {
            EXPECT_EQ(found->second, hash) << "label version " << id << " changed its voxels";
        }
    }
    std::vector<int64_t> volumeIds;
    std::vector<std::pair<std::string, FileFingerprint>> recorded;
    std::vector<std::string> models;
    {
        Statement volumes(project.database(), "SELECT id FROM volumes");
        while (volumes.step()) {
            volumeIds.push_back(volumes.columnInt64(0));
        }
        Statement checks(project.database(),
                         "SELECT data_path, size_bytes, sha256 FROM data_file_checks");
        while (checks.step()) {
            recorded.push_back({checks.columnText(0),
                                FileFingerprint{checks.columnInt64(1), checks.columnText(2)}});
        }
        Statement modelPaths(project.database(),
                             "SELECT data_path FROM models WHERE data_path <> ''");
        while (modelPaths.step()) {
            models.push_back(modelPaths.columnText(0));
        }
    }
    for (int64_t id : volumeIds) {
        EXPECT_NO_THROW(project.volumes().load(id)) << "volume " << id;
    }
    for (const auto& [path, fingerprint] : recorded) {
        const std::string absolute = project.layout().absolute(path);
        ASSERT_TRUE(fs::exists(absolute)) << path << " is recorded but missing";
        const FileFingerprint now = DataFileCheck::fingerprint(absolute);
        EXPECT_EQ(now.sizeBytes, fingerprint.sizeBytes) << path << " is half-written";
        EXPECT_EQ(now.sha256, fingerprint.sha256) << path << " differs from what was written";
    }
    for (const std::string& path : models) {
        const std::string absolute = project.layout().absolute(path);
        if (fs::path(path).filename() == "quality.pt") {
            EXPECT_NO_THROW(QualityPredictor::load(absolute, "cpu")) << "model file " << path;
        } else {
            EXPECT_NO_THROW(checkpointSettings(absolute)) << "model file " << path;
        }
    }
    for (const auto& entry : fs::directory_iterator(folder + "/data/labels")) {
        const std::string name = entry.path().filename().string();
        if (name.find("-uncertainty") != std::string::npos) {
            EXPECT_NO_THROW(readNiftiVolume(entry.path().string())) << name;
        } else if (name.find("-regions") != std::string::npos) {
            EXPECT_NO_THROW(readNiftiLabelMap(entry.path().string())) << name;
        }
    }
}

/// After a killed train: a run with a checkpoint that did not finish resumes and finishes; with
/// none, `train --resume` says there is nothing to resume.
void checkResume(const std::string& folder, const std::string& outside, Tally& tally) {
    std::string status;
    int64_t recorded = 0;  // the last checkpoint the killed process recorded on the run
    {
        Project project = Project::open(folder);
        Statement run(project.database(),
                      "SELECT status, json_extract(parameters_json, '$.checkpoint_iteration') "
                      "FROM training_runs WHERE id = 2");
        if (run.step()) {
            status = run.columnText(0);
            recorded = run.columnOptionalInt64(1).value_or(0);
        }
    }
    const bool checkpointed = fs::exists(folder + "/data/models/run-2/latest.pt");
    const bool interrupted = status == "running" || status == "paused" || status == "cancelled";
    const ChildRun resumed =
        runCliKilledAfter({"train", folder, "--resume"}, -1, outside + "/resume.log");
    if (interrupted && checkpointed) {
        ASSERT_EQ(resumed.exitCode, 0) << resumed.output;
        const size_t at = resumed.output.find("from iteration ");
        ASSERT_NE(at, std::string::npos) << resumed.output;
        const long long from = std::atoll(resumed.output.c_str() + at + 15);
        EXPECT_GT(from, 0) << resumed.output;
        EXPECT_GE(from, recorded) << "resumed from an older checkpoint than the last recorded";
        EXPECT_NE(resumed.output.find("Finished after 60 iterations"), std::string::npos)
            << resumed.output;
        ++tally.resumed;
    } else {
        EXPECT_NE(resumed.exitCode, 0) << "status " << status << "\n" << resumed.output;
        EXPECT_NE(resumed.output.find("no interrupted training run"), std::string::npos)
            << resumed.output;
        ++tally.nothingToResume;
    }
    Tally again;
    checkAfterKill(folder, {}, again);
}

/// Failed assertions of the running test so far.
int failureParts() {
    return ::testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count();
}

int environmentNumber(const char* name, long long fallback) {
    const char* text = std::getenv(name);
    return text != nullptr && *text != '\0' ? int(std::atoll(text)) : int(fallback);
}

TEST(CrashConsistency, KillsAtRandomMomentsLoseNothingAndTrainingResumes) {
    const auto start = std::chrono::steady_clock::now();
    const int rounds = environmentNumber("SEGLOOP_KILL_ROUNDS", 20);
    const char* seedText = std::getenv("SEGLOOP_KILL_SEED");
    const uint64_t seed = seedText != nullptr && *seedText != '\0'
                              ? std::strtoull(seedText, nullptr, 10)
                              : std::random_device{}();
    std::printf("crash consistency: %d kills, SEGLOOP_KILL_SEED=%llu\n", rounds,
                static_cast<unsigned long long>(seed));
    std::mt19937_64 random(seed);

    TempDir dir;
    const std::string base = dir.file("base");
    makeBaseProject(base);
    if (HasFatalFailure()) {
        return;
    }
    const std::map<int64_t, std::string> before = baseLabelHashes(base);
    ASSERT_GE(before.size(), 7u);
    const int64_t baseRows = [&] {
        Project project = Project::open(base);
        return rowCount(project);
    }();

    // Durations: start-up (`info`: the binary loads and opens the project; a kill before that
    // only tests exec), then each operation whole.
    double startup = 1e9;  // the quickest of three: the machine may be busy
    for (int i = 0; i < 3; ++i) {
        startup =
            std::min(startup, runCliKilledAfter({"info", base}, -1, dir.file("info.log")).seconds);
    }
    std::vector<double> durations;
    for (const Operation& operation : operations()) {
        const std::string copy = dir.file("measure");
        const std::string outside = dir.file("measure-out");
        fs::copy(base, copy, fs::copy_options::recursive);
        fs::create_directories(outside);
        const ChildRun run =
            runCliKilledAfter(operation.arguments(copy, outside), -1, dir.file("measure.log"));
        ASSERT_EQ(run.exitCode, 0) << operation.name << "\n" << run.output;
        durations.push_back(run.seconds);
        std::printf("  %-22s %.2f s whole (start-up %.2f s)\n", operation.name.c_str(), run.seconds,
                    startup);
        std::fflush(stdout);
        fs::remove_all(copy);
        fs::remove_all(outside);
    }

    std::vector<Tally> tallies(operations().size());
    // Kills are spread evenly over the operations. A run that ends before its kill is checked
    // too but does not count as a kill, and lowers that operation's longest delay to its time.
    int killed = 0;
    for (int round = 0; killed < rounds && round < 4 * rounds; ++round) {
        size_t which = 0;
        for (size_t i = 1; i < tallies.size(); ++i) {
            which = tallies[i].kills < tallies[which].kills ? i : which;
        }
        const Operation& operation = operations()[which];
        // From 80% of the start-up on, to the whole duration (both as measured; the machine's
        // load changes them, so a run that ends first lowers both for its operation).
        std::uniform_real_distribution<double> delays(0.8 * std::min(startup, durations[which]),
                                                      durations[which]);
        const double delay = delays(random);
        SCOPED_TRACE("round " + std::to_string(round) + " (" + operation.name + "), kill after " +
                     std::to_string(delay) + " s, SEGLOOP_KILL_SEED=" + std::to_string(seed));
        const std::string copy = dir.file("round");
        const std::string outside = dir.file("round-out");
        fs::copy(base, copy, fs::copy_options::recursive);
        fs::create_directories(outside);
        const ChildRun run =
            runCliKilledAfter(operation.arguments(copy, outside), delay, outside + "/cli.log");
        Tally& tally = tallies[which];
        if (run.killed) {
            ++tally.kills;
            ++killed;
        } else {
            ++tally.finishedFirst;
            durations[which] = std::min(durations[which], run.seconds);
        }
        EXPECT_TRUE(run.killed || run.exitCode == 0) << "exit code " << run.exitCode << "\n"
                                                     << run.output;
        const int partsBefore = failureParts();
        const int midWriteBefore = tally.midWrite;
        checkAfterKill(copy, before, tally);
        const bool partly = run.killed && tally.rows != baseRows;
        tally.partlyDone += partly ? 1 : 0;
        if (operation.name == "train") {
            checkResume(copy, outside, tally);
        }
        tally.failures += failureParts() > partsBefore ? 1 : 0;
        std::printf("round %d %s: %s at %.2f s%s%s\n", round, operation.name.c_str(),
                    run.killed ? "killed" : "finished", run.killed ? delay : run.seconds,
                    partly ? ", partly done" : "",
                    tally.midWrite > midWriteBefore ? ", mid-write" : "");
        std::fflush(stdout);
        fs::remove_all(copy);
        fs::remove_all(outside);
    }
    EXPECT_EQ(killed, rounds) << "too many runs ended before their kill";

    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%-22s %6s %8s %7s %9s %8s %8s %10s %7s\n", "operation", "kills", "finished",
                "partly", "mid-write", "orphans", "resumed", "no-resume", "failed");
    for (size_t i = 0; i < operations().size(); ++i) {
        const Tally& t = tallies[i];
        std::printf("%-22s %6d %8d %7d %9d %8d %8d %10d %7d\n", operations()[i].name.c_str(),
                    t.kills, t.finishedFirst, t.partlyDone, t.midWrite, t.orphansMoved, t.resumed,
                    t.nothingToResume, t.failures);
    }
    std::printf("crash consistency: %d kills in %.0f s, SEGLOOP_KILL_SEED=%llu\n", rounds, seconds,
                static_cast<unsigned long long>(seed));
}

}  // namespace
}  // namespace segloop
