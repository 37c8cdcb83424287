// SegmentationLosses against hand-computed values: cross-entropy with and without label
// smoothing, soft Dice (perfect prediction, masks, background), the SGRS reference Dice,
// masked means and the consistency MSE.
#include <cmath>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/Error.h"
#include "learning/methods/SegmentationLosses.h"

namespace segloop {
namespace {

/// [1,2,1,1,2] logits: voxel 0 (0, 0), voxel 1 (2, 0); target [1,1,1,2] = (0, 1).
torch::Tensor twoVoxelLogits() {
    return torch::tensor({0.f, 2.f, 0.f, 0.f}).view({1, 2, 1, 1, 2});
}
torch::Tensor twoVoxelTarget() {
    return torch::tensor({0, 1}, torch::kLong).view({1, 1, 1, 2});
}

TEST(LossTest, CrossEntropyPerVoxelByHand) {
    const torch::Tensor ce = crossEntropyPerVoxel(twoVoxelLogits(), twoVoxelTarget());
    ASSERT_EQ(ce.sizes(), torch::IntArrayRef({1, 1, 1, 2}));
    EXPECT_NEAR(ce.flatten()[0].item<double>(), std::log(2.0), 1e-6);                  // -log 1/2
    EXPECT_NEAR(ce.flatten()[1].item<double>(), std::log(1.0 + std::exp(2.0)), 1e-5);  // 2.1269
}

TEST(LossTest, LabelSmoothedCrossEntropyByHand) {
    // eps = 0.2, K = 2: 0.8 * (-log p_y) + 0.2 * mean_k(-log p_k).
    const torch::Tensor ce = crossEntropyPerVoxel(twoVoxelLogits(), twoVoxelTarget(), 0.2);
    const double nll = std::log(1.0 + std::exp(2.0));
    const double other = std::log(1.0 + std::exp(-2.0));
    EXPECT_NEAR(ce.flatten()[0].item<double>(), std::log(2.0), 1e-6);
    EXPECT_NEAR(ce.flatten()[1].item<double>(), 0.8 * nll + 0.2 * 0.5 * (nll + other),
                1e-5);  // 1.9269
}

TEST(LossTest, CrossEntropyMatchesTorchIncludingGradient) {
    torch::manual_seed(11);
    const torch::Tensor logits = torch::randn({2, 3, 4, 4, 4}, torch::requires_grad());
    const torch::Tensor target = torch::randint(3, {2, 4, 4, 4}, torch::kLong);
    for (double eps : {0.0, 0.1, 0.2}) {
        const torch::Tensor ours = crossEntropyPerVoxel(logits, target, eps).mean();
        const torch::Tensor theirs = torch::nn::functional::cross_entropy(
            logits, target, torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(eps));
        EXPECT_NEAR(ours.item<double>(), theirs.item<double>(), 1e-5) << "eps " << eps;
        const auto gradOurs = torch::autograd::grad({ours}, {logits})[0];
        const auto gradTheirs = torch::autograd::grad({theirs}, {logits})[0];
        EXPECT_TRUE(torch::allclose(gradOurs, gradTheirs, 1e-5, 1e-6));
    }
}

TEST(LossTest, SoftDiceIsZeroForAPerfectPrediction) {
    const torch::Tensor target =
        torch::tensor({0, 1, 2, 1, 0, 0, 2, 1}, torch::kLong).view({2, 1, 1, 4});
    const torch::Tensor probs =
        torch::one_hot(target, 3).permute({0, 4, 1, 2, 3}).to(torch::kFloat);
    EXPECT_NEAR(softDiceLoss(probs, target, torch::Tensor(), 1.0, true).item<double>(), 0.0, 1e-6);
    EXPECT_NEAR(softDiceLoss(probs, target, torch::Tensor(), 1e-5, false).item<double>(), 0.0,
                1e-6);
    EXPECT_NEAR(referenceDiceLoss(probs, target).item<double>(), 0.5, 1e-6);  // no factor 2
}

TEST(LossTest, SoftDiceByHand) {
    // One sample, 4 voxels, target (0, 0, 1, 1), p1 = (0, 0.5, 1, 1), smooth 0.
    // class 1: tp 2, fp 0.5, fn 0 -> 4 / 4.5; class 0: tp 1.5, fp 0, fn 0.5 -> 3 / 3.5.
    const torch::Tensor target = torch::tensor({0, 0, 1, 1}, torch::kLong).view({1, 1, 1, 4});
    const torch::Tensor p1 = torch::tensor({0.f, 0.5f, 1.f, 1.f}).view({1, 1, 1, 1, 4});
    const torch::Tensor probs = torch::cat({1 - p1, p1}, 1);
    const double dc1 = 4.0 / 4.5, dc0 = 3.0 / 3.5;
    EXPECT_NEAR(softDiceLoss(probs, target, torch::Tensor(), 0.0, true).item<double>(),
                1.0 - 0.5 * (dc0 + dc1), 1e-6);
    EXPECT_NEAR(softDiceLoss(probs, target, torch::Tensor(), 0.0, false).item<double>(), 1.0 - dc1,
                1e-6);
    // Smoothing s = 1: class 1 -> 5 / 5.5, class 0 -> 4 / 4.5.
    EXPECT_NEAR(softDiceLoss(probs, target, torch::Tensor(), 1.0, true).item<double>(),
                1.0 - 0.5 * (5.0 / 5.5 + 4.0 / 4.5), 1e-6);
}

TEST(LossTest, SoftDiceIgnoresMaskedVoxels) {
    // The wrong voxel (index 1) is masked out: the rest is perfect.
    const torch::Tensor target = torch::tensor({0, 0, 1, 1}, torch::kLong).view({1, 1, 1, 4});
    const torch::Tensor p1 = torch::tensor({0.f, 0.9f, 1.f, 1.f}).view({1, 1, 1, 1, 4});
    const torch::Tensor probs = torch::cat({1 - p1, p1}, 1);
    const torch::Tensor mask = torch::tensor({1.f, 0.f, 1.f, 1.f}).view({1, 1, 1, 4});
    EXPECT_NEAR(softDiceLoss(probs, target, mask, 1.0, true).item<double>(), 0.0, 1e-6);
    EXPECT_GT(softDiceLoss(probs, target, torch::Tensor(), 1.0, true).item<double>(), 0.1);
    // An empty mask: dc = s / s = 1 for every class, loss 0 (no gradient either).
    EXPECT_NEAR(softDiceLoss(probs, target, torch::zeros_like(mask), 20.0, true).item<double>(),
                0.0, 1e-6);
}

TEST(LossTest, SoftDiceIsPerSample) {
    // Sample 0 perfect, sample 1 predicts class 1 everywhere on a background-only target.
    const torch::Tensor target = torch::tensor({0, 1, 0, 0}, torch::kLong).view({2, 1, 1, 2});
    const torch::Tensor p1 = torch::tensor({0.f, 1.f, 1.f, 1.f}).view({2, 1, 1, 1, 2});
    const torch::Tensor probs = torch::cat({1 - p1, p1}, 1);
    // dc: sample 0 (1, 1); sample 1 class 0: tp 0, fn 2 -> 0/(2+1e-8); class 1: fp 2 -> 0.
    EXPECT_NEAR(softDiceLoss(probs, target, torch::Tensor(), 0.0, true).item<double>(), 0.5, 1e-6);
}

TEST(LossTest, ReferenceDiceByHand) {
    // Batch-wide per class: class 1 sum pg = 2, sum p^2 = 2.25, sum g^2 = 2 -> 2 / 4.25;
    // class 0 sum pg = 1.5, sum p^2 = 1.25, sum g^2 = 2 -> 1.5 / 3.25.
    const torch::Tensor target = torch::tensor({0, 0, 1, 1}, torch::kLong).view({1, 1, 1, 4});
    const torch::Tensor p1 = torch::tensor({0.f, 0.5f, 1.f, 1.f}).view({1, 1, 1, 1, 4});
    const torch::Tensor probs = torch::cat({1 - p1, p1}, 1);
    EXPECT_NEAR(referenceDiceLoss(probs, target).item<double>(),
                1.0 - 0.5 * (2.0 / 4.25 + 1.5 / 3.25), 1e-6);
}

TEST(LossTest, MaskedMeanAndConsistency) {
    const torch::Tensor values = torch::tensor({1.f, 2.f, 3.f, 4.f}).view({1, 1, 2, 2});
    EXPECT_NEAR(
        maskedMean(values, torch::tensor({1.f, 0.f, 1.f, 0.f}).view({1, 1, 2, 2})).item<double>(),
        2.0, 1e-6);
    EXPECT_NEAR(maskedMean(values, torch::zeros({1, 1, 2, 2})).item<double>(), 0.0, 1e-12);
    EXPECT_NEAR(maskedMean(values, torch::Tensor()).item<double>(), 2.5, 1e-6);
    const torch::Tensor a = torch::tensor({0.2f, 0.8f}).view({1, 2, 1, 1, 1});
    const torch::Tensor b = torch::tensor({0.6f, 0.4f}).view({1, 2, 1, 1, 1});
    EXPECT_NEAR(softmaxMse(a, b).item<double>(), 0.16, 1e-6);
}

TEST(LossTest, RejectsMismatchedShapesAndTypes) {
    const torch::Tensor logits = torch::zeros({2, 2, 4, 4, 4});
    EXPECT_THROW(crossEntropyPerVoxel(logits, torch::zeros({2, 4, 4, 3}, torch::kLong)), Error);
    EXPECT_THROW(crossEntropyPerVoxel(logits, torch::zeros({2, 4, 4, 4}, torch::kInt)), Error);
    EXPECT_THROW(
        softDiceLoss(logits, torch::zeros({1, 4, 4, 4}, torch::kLong), torch::Tensor(), 1, true),
        Error);
}

}  // namespace
}  // namespace segloop
