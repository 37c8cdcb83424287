// The quality predictor's losses on hand-made tensors with known values.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "learning/quality/QualityNetwork.h"

namespace segloop {
namespace {

TEST(QualityLoss, RankingHingeOverPairsWithKnownValue) {
    // Column 0: pairs (0,1) and (0,2) are ordered right by more than the margin; (1,2) is
    // reversed by 0.4: hinge 0.1 + 0.4 = 0.5; mean over 3 pairs = 1/6.
    // Column 1: pair (0,1) differs by 0.02 < minGap and is skipped; (0,2) is reversed by 0.1:
    // hinge 0.2; (1,2) is right by exactly the margin: 0; mean 0.1.
    // Column 2: all targets equal, no pairs, left out of the average.
    const torch::Tensor predicted =
        torch::tensor({{0.2f, 0.6f, 0.3f}, {0.5f, 0.4f, 0.9f}, {0.9f, 0.5f, 0.1f}});
    const torch::Tensor targets =
        torch::tensor({{0.1f, 0.5f, 0.7f}, {0.6f, 0.52f, 0.7f}, {0.3f, 0.9f, 0.7f}});
    const double loss = qualityRankingLoss(predicted, targets, 0.1, 0.05).item<double>();
    EXPECT_NEAR(loss, (1.0 / 6.0 + 0.1) / 2.0, 1e-6);
}

TEST(QualityLoss, RankingIsZeroWhenOrderedWithMarginAndWhenNoPairs) {
    const torch::Tensor targets = torch::tensor({{0.1f}, {0.5f}, {0.9f}});
    EXPECT_NEAR(qualityRankingLoss(torch::tensor({{0.0f}, {0.4f}, {0.8f}}), targets, 0.1, 0.05)
                    .item<double>(),
                0.0, 1e-7);
    const torch::Tensor same = torch::tensor({{0.5f}, {0.5f}, {0.5f}});
    EXPECT_EQ(
        qualityRankingLoss(torch::tensor({{0.9f}, {0.1f}, {0.3f}}), same, 0.1, 0.05).item<double>(),
        0.0);
}

TEST(QualityLoss, RankingGradientPushesTheReversedPairApart) {
    torch::Tensor predicted = torch::tensor({{0.7f}, {0.3f}}).requires_grad_(true);
    const torch::Tensor targets = torch::tensor({{0.2f}, {0.8f}});
    qualityRankingLoss(predicted, targets, 0.05, 0.05).backward();
    EXPECT_GT(predicted.grad()[0][0].item<float>(), 0.0f);  // lower the one that should be lower
    EXPECT_LT(predicted.grad()[1][0].item<float>(), 0.0f);
}

TEST(QualityLoss, RegressionIsSmoothL1) {
    const torch::Tensor predicted = torch::tensor({{0.5f, 1.0f}});
    const torch::Tensor targets = torch::tensor({{0.1f, 1.0f}});
    // beta 1: 0.5 * 0.4^2 / 1 = 0.08 for the first entry, 0 for the second; mean 0.04.
    EXPECT_NEAR(qualityRegressionLoss(predicted, targets, 1.0).item<double>(), 0.04, 1e-7);
    // beta 0.1: |0.4| - 0.05 = 0.35; mean 0.175.
    EXPECT_NEAR(qualityRegressionLoss(predicted, targets, 0.1).item<double>(), 0.175, 1e-6);
}

TEST(QualityLoss, NetworkOutputsOneDicePerClassAndOverallInZeroOne) {
    QualitySettings settings;
    settings.baseChannels = 2;
    settings.cropSize = {16, 16, 16};
    QualityNetwork network(settings);
    network->eval();
    const torch::Tensor out = network->forward(torch::randn({2, 3, 16, 16, 16}));
    ASSERT_EQ(out.sizes(), (std::vector<int64_t>{2, 3}));
    EXPECT_TRUE(out.gt(0).all().item<bool>());
    EXPECT_TRUE(out.lt(1).all().item<bool>());
}

}  // namespace
}  // namespace segloop
