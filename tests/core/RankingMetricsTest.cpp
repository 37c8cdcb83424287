#include <cmath>

#include <gtest/gtest.h>

#include "core/quality/PredictedDice.h"
#include "core/quality/RankingMetrics.h"

namespace segloop {
namespace {

// Eight cases; the worst quarter is cases 5 (0.10) and 2 (0.30).
const std::vector<double> kTruth{0.9, 0.8, 0.3, 0.85, 0.7, 0.1, 0.95, 0.6};

TEST(RankingMetrics, TheWorstQuarterIsTheLowestCeilQuarter) {
    EXPECT_EQ(worstQuarter(kTruth),
              (std::vector<bool>{false, false, true, false, false, true, false, false}));
    EXPECT_EQ(worstQuarter({0.5, 0.2, 0.9}), (std::vector<bool>{false, true, false}));
}

TEST(RankingMetrics, PrecisionCountsTheWorstQuarterAmongTheFirst) {
    EXPECT_DOUBLE_EQ(precisionOfFirst(oracleOrder(kTruth), kTruth, 2), 1.0);
    EXPECT_DOUBLE_EQ(precisionOfFirst({5, 0, 2, 1}, kTruth, 2), 0.5);
    EXPECT_DOUBLE_EQ(precisionOfFirst({6, 0, 3, 1}, kTruth, 4), 0.0);
    EXPECT_TRUE(std::isnan(precisionOfFirst({}, kTruth, 2)));
    EXPECT_THROW(precisionOfFirst({9}, kTruth, 1), std::exception);
}

TEST(RankingMetrics, CorrectionsRaiseTheLabelSetToOne) {
    EXPECT_NEAR(labelSetDiceAfter({}, kTruth, 0), 5.2 / 8.0, 1e-12);
    // Correcting 5 and 2 adds 0.9 and 0.7.
    EXPECT_NEAR(labelSetDiceAfter(oracleOrder(kTruth), kTruth, 2), 6.8 / 8.0, 1e-12);
    EXPECT_NEAR(labelSetDiceAfter({6, 0}, kTruth, 2), 5.35 / 8.0, 1e-12);
    EXPECT_NEAR(labelSetDiceAfter(oracleOrder(kTruth), kTruth, 100), 1.0, 1e-12);
}

TEST(RankingMetrics, CapturedGainIsTheShareOfTheOraclesGain) {
    EXPECT_DOUBLE_EQ(capturedGain(0.8, 0.7, 0.9), 0.5);
    EXPECT_DOUBLE_EQ(capturedGain(0.9, 0.7, 0.9), 1.0);
    EXPECT_LT(capturedGain(0.6, 0.7, 0.9), 0.0);
    EXPECT_TRUE(std::isnan(capturedGain(0.7, 0.7, 0.7)));
}

TEST(RankingMetrics, ReliabilityBinsAverageWithinEachBin) {
    const auto bins = reliabilityBins({0.05, 0.15, 0.95, 1.2, 0.12}, {0.1, 0.3, 0.8, 1.0, 0.1}, 10);
    ASSERT_EQ(bins.size(), 10u);
    EXPECT_EQ(bins[0].count, 1u);
    EXPECT_EQ(bins[1].count, 2u);
    EXPECT_NEAR(bins[1].meanPredicted, 0.135, 1e-12);
    EXPECT_NEAR(bins[1].meanTruth, 0.2, 1e-12);
    EXPECT_EQ(bins[9].count, 2u);  // 1.2 is clamped into the last bin
    EXPECT_TRUE(std::isnan(bins[5].meanTruth));
    EXPECT_THROW(reliabilityBins({0.1}, {}, 10), std::exception);
}

TEST(PredictedDice, IsTheLearnedEstimateTheExpectedDiceOnlyStoredBeside) {
    EXPECT_DOUBLE_EQ(predictedDice(0.8, 0.6), 0.8);
    EXPECT_DOUBLE_EQ(predictedDice(0.8, std::nullopt), 0.8);
}

}  // namespace
}  // namespace segloop
