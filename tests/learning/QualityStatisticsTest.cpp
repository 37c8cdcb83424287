// Agreement statistics of predicted and true Dice against values computed by hand.
#include <cmath>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/quality/QualityStatistics.h"

namespace segloop {
namespace {

TEST(QualityStatistics, KnownValues) {
    // scipy: pearsonr([1,2,3,4],[1,3,2,5]) = 0.8315218; spearmanr = 0.8.
    const AgreementStatistics s = agreementStatistics({1, 2, 3, 4}, {1, 3, 2, 5});
    EXPECT_NEAR(s.pearson, 0.8315218406, 1e-9);
    EXPECT_NEAR(s.spearman, 0.8, 1e-12);
    EXPECT_NEAR(s.meanAbsoluteError, (0 + 1 + 1 + 1) / 4.0, 1e-12);
    EXPECT_EQ(s.count, 4u);
    // A monotone but non-linear relation: Spearman 1, Pearson below 1.
    const AgreementStatistics m =
        agreementStatistics({0.1, 0.2, 0.3, 0.9}, {0.01, 0.04, 0.09, 0.81});
    EXPECT_NEAR(m.spearman, 1.0, 1e-12);
    EXPECT_LT(m.pearson, 0.999);
}

TEST(QualityStatistics, TiesGetTheirMeanRank) {
    EXPECT_EQ(averageRanks({0.5, 0.1, 0.5, 0.9}), (std::vector<double>{2.5, 1, 2.5, 4}));
    EXPECT_TRUE(std::isnan(agreementStatistics({1, 1, 1}, {1, 2, 3}).pearson));
    EXPECT_THROW(agreementStatistics({1}, {1}), Error);
}

}  // namespace
}  // namespace segloop
