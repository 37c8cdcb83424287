// Entropy and MC-dropout epistemic uncertainty: the formulas on known tensors, and a real network
// on a real hippocampus case (a zero network is uniform: entropy ln K, no epistemic term; without
// dropout every pass agrees; with dropout the passes differ).
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "learning/LearningTestSupport.h"
#include "learning/inference/McDropout.h"
#include "learning/inference/SlidingWindow.h"
#include "learning/inference/TorchSegmentationModel.h"

namespace segloop {
namespace {

const double kLn3 = std::log(3.0);

TEST(McDropoutFormulas, EntropyIsLnKForUniformAndZeroForOneHot) {
    EXPECT_NEAR(entropyNats(torch::full({3, 4}, 1.0 / 3), 0).max().item<double>(), kLn3, 1e-6);
    EXPECT_NEAR(entropyNats(torch::full({3, 4}, 1.0 / 3), 0).min().item<double>(), kLn3, 1e-6);
    EXPECT_EQ(entropyNats(torch::eye(3), 0).abs().max().item<double>(), 0.0);
}

TEST(McDropoutFormulas, MutualInformationIsZeroForAgreeingPassesAndLn2ForOppositeOnes) {
    const torch::Tensor same = torch::tensor({0.2f, 0.5f, 0.3f}).view({1, 1, 3}).repeat({1, 5, 1});
    EXPECT_NEAR(mutualInformation(same).item<double>(), 0.0, 1e-7);
    // Two certain passes that disagree: H(mean) = ln 2, mean H = 0.
    const torch::Tensor opposite = torch::tensor({1.0f, 0.0f, 0.0f, 1.0f}).view({1, 2, 2});
    EXPECT_NEAR(mutualInformation(opposite).item<double>(), std::log(2.0), 1e-6);
}

TEST(McDropoutFormulas, RegionIsTheForegroundGrownByTheMarginOrEverything) {
    torch::Tensor labels = torch::zeros({9, 9, 9}, torch::kInt);
    EXPECT_EQ(dilatedForeground(labels, 2).sum().item<int64_t>(), 729) << "empty: all voxels";
    labels[4][4][4] = 2;
    EXPECT_EQ(dilatedForeground(labels, 0).sum().item<int64_t>(), 1);
    EXPECT_EQ(dilatedForeground(labels, 1).sum().item<int64_t>(), 27);
    EXPECT_EQ(dilatedForeground(labels, 2).sum().item<int64_t>(), 125);
}

TEST(McDropoutFormulas, ChannelMasksKeepOrDropWholeChannelsWithTrainingScale) {
    EXPECT_TRUE(dropoutChannelMasks(4, 8, 0.0, 1).eq(1.0).all().item<bool>());
    const torch::Tensor masks = dropoutChannelMasks(50, 8, 0.5, 3);
    EXPECT_TRUE((masks.eq(0.0) | masks.eq(2.0)).all().item<bool>());
    EXPECT_NEAR(masks.mean().item<double>(), 1.0, 0.15);
    EXPECT_TRUE(masks.equal(dropoutChannelMasks(50, 8, 0.5, 3))) << "seeded";
    EXPECT_THROW(dropoutChannelMasks(2, 8, 1.0, 1), Error);
}

class ModelUncertaintyTest : public ::testing::Test {
  protected:
    std::shared_ptr<TorchSegmentationModel> makeModel(double dropout, bool zeroWeights) {
        TrainingSettings settings = test::tinySettings("supervised", 1);
        settings.network.dropout = dropout;
        torch::manual_seed(7);
        SegmentationNetwork network = makeSegmentationNetwork(settings.network);
        if (zeroWeights) {
            torch::NoGradGuard noGrad;
            for (auto& parameter : network->parameters()) {
                parameter.zero_();
            }
        }
        return std::make_shared<TorchSegmentationModel>(network, settings, torch::kCPU);
    }

    Volume volume = readNiftiVolume(test::hippocampusCases()[0].imagePath);
    LabelMap label = readNiftiLabelMap(test::hippocampusCases(true)[0].labelPath);
};

TEST_F(ModelUncertaintyTest, ZeroNetworkIsUniformWithoutEpistemicUncertainty) {
    UncertaintySettings settings;
    settings.inferenceDropout = 0.5;
    const ModelUncertainty result = makeModel(0.0, true)->uncertainty(volume, label, settings);
    EXPECT_NEAR(result.meanEntropyNats, kLn3, 1e-5);
    EXPECT_NEAR(result.epistemicNats, 0.0, 1e-6);
    EXPECT_EQ(result.passes, 10);
    EXPECT_DOUBLE_EQ(result.dropoutRate, 0.5);
}

TEST_F(ModelUncertaintyTest, ZeroNetworkExpectsTheDiceOfAUniformGuess) {
    // p = 1/3 everywhere: class c's expected Dice is 2 |A_c| / 3 / (|A_c| + N / 3).
    UncertaintySettings settings;
    settings.mcPasses = 0;
    const auto model = makeModel(0.0, true);
    const double voxels = static_cast<double>(label.labels.size());
    double sum = 0.0;
    for (uint16_t c = 1; c <= 2; ++c) {
        const auto count =
            static_cast<double>(std::count(label.labels.begin(), label.labels.end(), c));
        sum += 2.0 * count / 3.0 / (count + voxels / 3.0);
    }
    EXPECT_NEAR(model->uncertainty(volume, label, settings).expectedDice, sum / 2.0, 1e-4);
    LabelMap empty = label;
    std::fill(empty.labels.begin(), empty.labels.end(), uint16_t{0});
    EXPECT_NEAR(model->uncertainty(volume, empty, settings).expectedDice, 0.0, 1e-9);
}

TEST_F(ModelUncertaintyTest, WithoutDropoutEveryPassAgrees) {
    UncertaintySettings settings;
    settings.inferenceDropout = 0.0;
    const ModelUncertainty result = makeModel(0.0, false)->uncertainty(volume, label, settings);
    EXPECT_GT(result.meanEntropyNats, 0.0);
    EXPECT_LT(result.meanEntropyNats, kLn3 + 1e-6);
    EXPECT_NEAR(result.epistemicNats, 0.0, 1e-7);
    UncertaintySettings noPasses;
    noPasses.mcPasses = 0;
    const ModelUncertainty none = makeModel(0.0, false)->uncertainty(volume, label, noPasses);
    EXPECT_EQ(none.passes, 0);
    EXPECT_EQ(none.epistemicNats, 0.0);
    EXPECT_DOUBLE_EQ(none.meanEntropyNats, result.meanEntropyNats);
}

TEST_F(ModelUncertaintyTest, DropoutMakesPassesDifferAndIsReproducible) {
    UncertaintySettings settings;
    const auto model = makeModel(0.0, false);
    const ModelUncertainty first = model->uncertainty(volume, label, settings);
    EXPECT_GT(first.epistemicNats, 1e-5);
    EXPECT_DOUBLE_EQ(first.dropoutRate, 0.1) << "an inference rate for a model trained without";
    EXPECT_DOUBLE_EQ(model->uncertainty(volume, label, settings).epistemicNats,
                     first.epistemicNats);
    // A network trained with dropout keeps its own rate.
    const ModelUncertainty trained = makeModel(0.3, false)->uncertainty(volume, label, settings);
    EXPECT_DOUBLE_EQ(trained.dropoutRate, 0.3);
    EXPECT_GT(trained.epistemicNats, 0.0);
}

TEST_F(ModelUncertaintyTest, RegionIsTheLabelGrownByTheMargin) {
    UncertaintySettings settings;
    settings.regionMarginVoxels = 0;
    const auto model = makeModel(0.0, false);
    int64_t foreground = 0;
    for (uint16_t value : label.labels) {
        foreground += value > 0 ? 1 : 0;
    }
    ASSERT_GT(foreground, 0);
    EXPECT_EQ(model->uncertainty(volume, label, settings).regionVoxels, foreground);
    settings.regionMarginVoxels = 2;
    EXPECT_GT(model->uncertainty(volume, label, settings).regionVoxels, foreground);
    const LabelMap empty(label.geometry);
    EXPECT_EQ(model->uncertainty(volume, empty, settings).regionVoxels,
              int64_t(volume.voxels.size()));
}

TEST_F(ModelUncertaintyTest, DeterministicProbabilitiesMatchThePlainSlidingWindow) {
    const auto model = makeModel(0.2, false);
    const torch::Tensor plain = model->probabilities(volume);
    torch::manual_seed(7);
    SegmentationNetwork same = makeSegmentationNetwork(model->settings().network);
    const torch::Tensor image = torch::from_blob(
        volume.voxels.data(),
        {1, volume.geometry.size[2], volume.geometry.size[1], volume.geometry.size[0]},
        torch::kFloat);
    const torch::Tensor viaPlain =
        slidingWindowProbabilities(same, image, {16, 16, 16}, torch::kCPU);
    const McDropoutMaps viaMc = mcDropoutSlidingWindow(same, image, {16, 16, 16}, torch::kCPU,
                                                       dropoutChannelMasks(3, 4, 0.2, 1));
    EXPECT_TRUE(torch::allclose(viaPlain, viaMc.probabilities, 1e-5, 1e-6));
    EXPECT_EQ(viaMc.mutualInformation.sizes(), viaPlain.select(0, 0).sizes());
    EXPECT_EQ(plain.sizes(), viaPlain.sizes());
}

}  // namespace
}  // namespace segloop
