// `score` and `review-queue` end to end on a real project (tiny networks, CPU): train ->
// predict -> train-quality -> score -> review-queue --take.
#include <cstdio>

#include <gtest/gtest.h>

#include "CliTestSupport.h"

namespace segloop {
namespace {

using namespace test;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// The volume ids of a printed queue table, in its order.
std::vector<std::string> tableVolumes(const std::string& output) {
    std::vector<std::string> volumes;
    size_t line = output.find("rank  volume");
    while (line != std::string::npos) {
        line = output.find('\n', line);
        if (line == std::string::npos || line + 1 >= output.size()) {
            break;
        }
        int rank = 0;
        long long volume = 0;
        if (std::sscanf(output.c_str() + line + 1, "%d %lld", &rank, &volume) != 2) {
            break;
        }
        volumes.push_back(std::to_string(volume));
        ++line;
    }
    return volumes;
}

TEST(CliScoring, ScoresPseudoLabelsAndHandsOutTheQueueOnce) {
    TempDir dir;
    const std::string project = "'" + dir.file("p") + "'";
    initProject(dir.file("p"));
    ASSERT_EQ(
        runCli("import " + project + " '" + hippocampusImage("001") + "' '" +
               hippocampusImage("003") + "' --labels '" + testDataDir() + "/hippocampus/labelsTr'")
            .exitCode,
        0);
    ASSERT_EQ(runCli("import " + project + " '" + hippocampusImage("004") + "' '" +
                     hippocampusImage("006") + "'")
                  .exitCode,
              0);
    const CommandResult noQuality = runCli("score " + project + " --device cpu");
    EXPECT_EQ(noQuality.exitCode, 1) << noQuality.output;
    EXPECT_TRUE(contains(noQuality.output,
                         "has no quality predictor yet (run segloop-cli "
                         "train-quality)"))
        << noQuality.output;

    ASSERT_EQ(runCli("train " + project +
                     " --method supervised --iterations 2 --base-channels 4"
                     " --levels 3 --patch 16x16x16 --device cpu --optimizer adam --threads 1")
                  .exitCode,
              0);
    const CommandResult predicted = runCli("predict " + project + " --device cpu --no-regions");
    ASSERT_EQ(predicted.exitCode, 0) << predicted.output;
    EXPECT_TRUE(contains(predicted.output, "Not scored: the project has no quality predictor"))
        << predicted.output;
    const CommandResult unscored = runCli("review-queue " + project);
    EXPECT_TRUE(contains(unscored.output, "without scores (listed last; run segloop-cli score)"))
        << unscored.output;

    ASSERT_EQ(runCli("train-quality " + project +
                     " --iterations 2 --batch 2 --base-channels 2"
                     " --holdout 0 --device cpu --threads 1")
                  .exitCode,
              0);
    const CommandResult scored = runCli("score " + project + " --device cpu --mc-passes 4");
    ASSERT_EQ(scored.exitCode, 0) << scored.output;
    EXPECT_TRUE(contains(scored.output, "MC dropout: 4 passes")) << scored.output;
    EXPECT_TRUE(contains(scored.output, "Scored 2 pseudo-labels, skipped 0")) << scored.output;
    const CommandResult again = runCli("score " + project + " --device cpu --mc-passes 4");
    EXPECT_TRUE(contains(again.output, "Scored 0 pseudo-labels")) << again.output;

    // predict scores what it just labelled now that a quality predictor exists.
    const CommandResult predictedAgain =
        runCli("predict " + project + " --device cpu --no-regions");
    EXPECT_TRUE(contains(predictedAgain.output, "Scored 2 pseudo-labels, skipped 0"))
        << predictedAgain.output;

    for (const char* strategy : {"quality", "entropy", "epistemic", "random"}) {
        const CommandResult queue =
            runCli("review-queue " + project + " --strategy " + strategy + " --seed 3");
        ASSERT_EQ(queue.exitCode, 0) << queue.output;
        EXPECT_EQ(tableVolumes(queue.output).size(), 2u) << queue.output;
        EXPECT_FALSE(contains(queue.output, "without scores")) << queue.output;
    }
    const std::vector<std::string> order =
        tableVolumes(runCli("review-queue " + project + " --strategy epistemic").output);
    const CommandResult first =
        runCli("review-queue " + project + " --strategy epistemic --take 1 --reviewer bob");
    EXPECT_TRUE(contains(first.output, "Taken for review by bob: 1 cases")) << first.output;
    EXPECT_EQ(tableVolumes(first.output), std::vector<std::string>{order[0]}) << first.output;
    const CommandResult second =
        runCli("review-queue " + project + " --strategy epistemic --take 5 --reviewer eve");
    EXPECT_EQ(tableVolumes(second.output), std::vector<std::string>{order[1]}) << second.output;
    const CommandResult none = runCli("review-queue " + project + " --take 1");
    EXPECT_TRUE(contains(none.output, "0 cases waiting")) << none.output;
    EXPECT_TRUE(tableVolumes(none.output).empty()) << none.output;

    const CommandResult bad = runCli("review-queue " + project + " --strategy worst");
    EXPECT_EQ(bad.exitCode, 2) << bad.output;
    EXPECT_TRUE(contains(bad.output, "use one of quality, entropy, epistemic, random"))
        << bad.output;
    EXPECT_EQ(runCli("score " + project + " --mc-dropout 1.5").exitCode, 2);
    EXPECT_TRUE(contains(runCli("--help").output, "review-queue"));
}

}  // namespace
}  // namespace segloop
