// A run's metrics.csv: written step by step with the validation of the same step in its row,
// read back by iteration; a resumed run's rows replace the earlier ones; a killed writer's
// unfinished last line is skipped; a file that is no curve is refused.
#include <cmath>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "learning/training/TrainingMetricsFile.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

StepReport stepAt(int64_t iteration, double loss) {
    StepReport step;
    step.iteration = iteration;
    step.iterations = 10;
    step.loss = loss;
    step.learningRate = 0.01 / double(iteration);
    return step;
}

ValidationReport validationAt(int64_t iteration, double dice) {
    ValidationReport report;
    report.iteration = iteration;
    report.meanDice = dice;
    return report;
}

std::string readText(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(TrainingMetricsFile, RowsCarryTheValidationOfTheirStep) {
    test::TempDir dir;
    const std::string path = dir.file("metrics.csv");
    {
        TrainingMetricsWriter writer(path);
        writer.step(stepAt(1, 0.9));
        writer.step(stepAt(2, 0.7));
        writer.validation(validationAt(2, 0.25));
        writer.validation(validationAt(7, 0.5));  // no such step: ignored
        writer.step(stepAt(3, 0.6));
        EXPECT_FALSE(writer.failed());
    }  // closing writes the pending third row
    EXPECT_EQ(readText(path),
              "iteration,loss,learning_rate,validation_dice\n"
              "1,0.9,0.01,\n2,0.7,0.005,0.25\n3,0.6,0.00333333333,\n");
    const std::vector<TrainingMetricsRow> rows = readTrainingMetrics(path);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[1].iteration, 2);
    EXPECT_DOUBLE_EQ(rows[1].loss, 0.7);
    ASSERT_TRUE(rows[1].validationDice.has_value());
    EXPECT_DOUBLE_EQ(*rows[1].validationDice, 0.25);
    EXPECT_FALSE(rows[0].validationDice.has_value());
    EXPECT_FALSE(rows[2].validationDice.has_value());
}

TEST(TrainingMetricsFile, AResumedRunAppendsAndReplacesItsIterations) {
    test::TempDir dir;
    const std::string path = dir.file("metrics.csv");
    {
        TrainingMetricsWriter first(path);
        for (int64_t n = 1; n <= 4; ++n)
            first.step(stepAt(n, 1.0));
    }
    {
        TrainingMetricsWriter resumed(path);  // from a checkpoint at iteration 2
        resumed.step(stepAt(3, 0.5));
        resumed.step(stepAt(4, 0.4));
        resumed.step(stepAt(5, 0.3));
    }
    const std::string text = readText(path);
    EXPECT_EQ(text.find("iteration,"), 0u);
    EXPECT_EQ(text.find("iteration,", 1), std::string::npos) << "header written twice:\n" << text;
    const std::vector<TrainingMetricsRow> rows = readTrainingMetrics(path);
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_DOUBLE_EQ(rows[2].loss, 0.5);
    EXPECT_DOUBLE_EQ(rows[3].loss, 0.4);
    EXPECT_EQ(rows[4].iteration, 5);
}

TEST(TrainingMetricsFile, AnUnfinishedLastLineIsSkippedAndGarbageRefused) {
    test::TempDir dir;
    const std::string killed = dir.file("killed.csv");
    std::ofstream(killed) << "iteration,loss,learning_rate,validation_dice\n1,0.5,0.01,\n2,0.4";
    const std::vector<TrainingMetricsRow> rows = readTrainingMetrics(killed);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].iteration, 1);

    const std::string other = dir.file("other.csv");
    std::ofstream(other) << "volume,name,class,dice\n";
    EXPECT_THROW(readTrainingMetrics(other), Error);
    const std::string broken = dir.file("broken.csv");
    std::ofstream(broken) << "iteration,loss,learning_rate,validation_dice\n1,abc,0.01,\n";
    try {
        readTrainingMetrics(broken);
        FAIL() << "a row that is not numbers was read";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("line 2"), std::string::npos) << error.what();
    }
    EXPECT_THROW(readTrainingMetrics(dir.file("missing.csv")), Error);
}

TEST(TrainingMetricsFile, AnUnwritableFileTurnsTheWriterOffWithoutThrowing) {
    test::TempDir dir;
    TrainingMetricsWriter writer(dir.file("no-such-folder/metrics.csv"));
    EXPECT_TRUE(writer.failed());
    writer.step(stepAt(1, 0.5));  // does nothing, throws nothing
    writer.validation(validationAt(1, 0.5));
    TrainingMetricsWriter none("");
    EXPECT_FALSE(none.failed());
    none.step(stepAt(1, 0.5));
}

}  // namespace
}  // namespace segloop
