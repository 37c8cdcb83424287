// Quality-guided SSL terms (QAR, PL-QW) on small hand-made tensors with known answers, through
// a hand-made quality function and through a tiny real QualityNetwork (frozen).
#include <cmath>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "learning/methods/QualityGuidance.h"
#include "learning/quality/QualityNetwork.h"

namespace segloop {
namespace {

class QualityGuidanceTest : public ::testing::Test {
  protected:
    void SetUp() override { at::set_num_threads(1); }
};

/// A hand-made "predictor": overall quality = mean of the first mask channel (channel 1),
/// column 0 a constant 0.5. [B, K, ...] -> [B, 2].
torch::Tensor meanMaskQuality(const torch::Tensor& inputs) {
    const torch::Tensor overall = inputs.select(1, 1).flatten(1).mean(1);
    return torch::stack({torch::full_like(overall, 0.5), overall}, 1);
}

TEST_F(QualityGuidanceTest, WeightsAreQualityToTheTemperatureAboveTheThreshold) {
    const torch::Tensor q = torch::tensor({0.9f, 0.5f, 0.49f, 0.0f, 1.0f});
    const torch::Tensor w = pseudoLabelWeights(q, 2.0, 0.5);
    EXPECT_TRUE(torch::allclose(w, torch::tensor({0.81f, 0.25f, 0.0f, 0.0f, 1.0f})));
    EXPECT_FALSE(pseudoLabelWeights(q.clone().requires_grad_(true), 2.0, 0.5).requires_grad());
}

TEST_F(QualityGuidanceTest, WeightedSampleMeanWithKnownValue) {
    const torch::Tensor losses = torch::tensor({1.0f, 2.0f, 4.0f});
    const torch::Tensor weights = torch::tensor({0.81f, 0.25f, 0.0f});
    EXPECT_NEAR(weightedSampleMean(losses, weights).item<double>(), (0.81 + 0.5) / (1.06 + 1e-8),
                1e-6);
    EXPECT_NEAR(weightedSampleMean(losses, torch::zeros({3})).item<double>(), 0.0, 1e-12);
}

TEST_F(QualityGuidanceTest, DelayedLinearRamp) {
    EXPECT_DOUBLE_EQ(delayedLinearRamp(0.1, 0.15, 0.2, 0.01), 0.0);
    EXPECT_DOUBLE_EQ(delayedLinearRamp(0.15, 0.15, 0.2, 0.01), 0.0);
    EXPECT_NEAR(delayedLinearRamp(0.25, 0.15, 0.2, 0.01), 0.005, 1e-12);
    EXPECT_DOUBLE_EQ(delayedLinearRamp(0.9, 0.15, 0.2, 0.01), 0.01);
    EXPECT_DOUBLE_EQ(delayedLinearRamp(0.2, 0.15, 0.0, 0.01), 0.01);
}

TEST_F(QualityGuidanceTest, InputIsCentreCroppedOrPaddedLikeTheQualityInput) {
    // Image 1x1x2x4x6 (z, y, x) with values 1..48, crop x=4, y=4, z=4: x cropped 6 -> 4
    // (from 1), y kept, z padded 2 -> 4 (one slice before, one after) with the minimum 1.
    const torch::Tensor image = torch::arange(1, 49, torch::kFloat).view({1, 1, 2, 4, 6});
    const torch::Tensor mask = torch::ones({1, 1, 2, 4, 6});
    const torch::Tensor input = qualityInputOfPatches(image, mask, {4, 4, 4});
    ASSERT_EQ(input.sizes(), (std::vector<int64_t>{1, 2, 4, 4, 4}));
    EXPECT_TRUE(torch::allclose(input[0][0][1], image[0][0][0].slice(1, 1, 5)));
    EXPECT_TRUE(torch::allclose(input[0][0][0], torch::ones({4, 4})));   // padded with the min
    EXPECT_TRUE(torch::allclose(input[0][1][0], torch::zeros({4, 4})));  // mask padded with 0
    EXPECT_TRUE(torch::allclose(input[0][1][2], torch::ones({4, 4})));
}

TEST_F(QualityGuidanceTest, RegularisationIsOneMinusMeanPredictedQualityWithGradient) {
    // Two samples, K = 2, 2x2x2 patches; foreground probability 0.25 and 0.75 everywhere.
    torch::Tensor logitsForeground =
        torch::tensor({std::log(1.0 / 3.0), std::log(3.0)}, torch::kFloat)
            .view({2, 1, 1, 1, 1})
            .expand({2, 1, 2, 2, 2})
            .clone()
            .requires_grad_(true);
    const torch::Tensor logits = torch::cat({torch::zeros({2, 1, 2, 2, 2}), logitsForeground}, 1);
    const torch::Tensor probabilities = torch::softmax(logits, 1);
    const torch::Tensor images = torch::zeros({2, 1, 2, 2, 2});
    const torch::Tensor loss =
        qualityRegularisationLoss(meanMaskQuality, images, probabilities, {2, 2, 2});
    EXPECT_NEAR(loss.item<double>(), 1.0 - (0.25 + 0.75) / 2.0, 1e-6);
    loss.backward();
    // Raising the foreground probability raises the predicted quality: the gradient is negative.
    EXPECT_LT(logitsForeground.grad().max().item<float>(), 0.0f);
    // d loss / d p_fg(v) = -1 / (2 samples * 8 voxels); dp/dlogit = p (1 - p).
    EXPECT_NEAR(logitsForeground.grad()[0].mean().item<double>(), -0.25 * 0.75 / 16.0, 1e-6);
}

TEST_F(QualityGuidanceTest, FrozenRealQualityNetworkPassesGradientToTheStudentOnly) {
    QualitySettings settings;
    settings.classes = 2;
    settings.cropSize = {8, 8, 8};
    settings.baseChannels = 2;
    settings.levels = 2;
    settings.hiddenUnits = 4;
    torch::manual_seed(3);
    QualityNetwork network(settings);
    network->eval();
    for (torch::Tensor& parameter : network->parameters()) {
        parameter.set_requires_grad(false);
    }
    const QualityFunction quality = [network](const torch::Tensor& x) mutable {
        return network->forward(x);
    };
    torch::Tensor logits = torch::randn({2, 2, 8, 8, 8}).requires_grad_(true);
    const torch::Tensor images = torch::randn({2, 1, 8, 8, 8});
    const torch::Tensor probabilities = torch::softmax(logits, 1);
    const torch::Tensor q = predictedQuality(quality, images, probabilities, {8, 8, 8});
    const torch::Tensor expected =
        network->forward(torch::cat({images, probabilities.slice(1, 1)}, 1)).select(1, 1);
    EXPECT_TRUE(torch::allclose(q, expected));
    const torch::Tensor loss = qualityRegularisationLoss(quality, images, probabilities, {8, 8, 8});
    EXPECT_NEAR(loss.item<double>(), 1.0 - expected.mean().item<double>(), 1e-6);
    loss.backward();
    ASSERT_TRUE(logits.grad().defined());
    EXPECT_GT(logits.grad().abs().sum().item<double>(), 0.0);
    for (const torch::Tensor& parameter : network->parameters()) {
        EXPECT_FALSE(parameter.grad().defined());
    }
}

}  // namespace
}  // namespace segloop
