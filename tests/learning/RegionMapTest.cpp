// The inference-time SGRS region map: hand-made probabilities with known codes, the perturbed
// view, and a real (tiny) model's prediction with and without the map.
#include <torch/torch.h>

#include <gtest/gtest.h>

#include "LearningTestSupport.h"
#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "learning/inference/RegionMap.h"
#include "learning/inference/SegmentationModel.h"
#include "learning/training/Trainer.h"

namespace segloop {
namespace {

/// [K,1,1,X] probabilities from per-voxel class rows.
torch::Tensor probs(const std::vector<std::vector<float>>& voxels) {
    const auto classes = int64_t(voxels.front().size());
    torch::Tensor out = torch::zeros({classes, 1, 1, int64_t(voxels.size())});
    for (size_t x = 0; x < voxels.size(); ++x) {
        for (int64_t k = 0; k < classes; ++k) {
            out[k][0][0][int64_t(x)] = voxels[x][size_t(k)];
        }
    }
    return out;
}

std::vector<int> codes(const torch::Tensor& map) {
    const torch::Tensor flat = map.flatten().to(torch::kInt);
    return std::vector<int>(flat.data_ptr<int>(), flat.data_ptr<int>() + flat.numel());
}

TEST(RegionMap, CodesFollowTheSgrsRules) {
    // tau 0.425: the ambiguity band is 0.425 < p0 < 0.575.
    const torch::Tensor plain = probs({{0.9f, 0.1f},    // background in both views
                                       {0.1f, 0.9f},    // foreground in both views
                                       {0.9f, 0.1f},    // argmax differs, no band
                                       {0.5f, 0.5f},    // plain view in the band
                                       {0.3f, 0.7f}});  // argmax differs, perturbed in band
    const torch::Tensor perturbed =
        probs({{0.95f, 0.05f}, {0.05f, 0.95f}, {0.2f, 0.8f}, {0.9f, 0.1f}, {0.55f, 0.45f}});
    const torch::Tensor map = regionCodes(plain, perturbed, 0.425);
    EXPECT_EQ(map.scalar_type(), torch::kUInt8);
    EXPECT_EQ(map.sizes(), torch::IntArrayRef({1, 1, 5}));
    EXPECT_EQ(codes(map), (std::vector<int>{0, 1, 2, 3, 3}));
    // A narrower band (tau 0.45: 0.45 < p0 < 0.55) leaves the last voxel inconsistent.
    EXPECT_EQ(codes(regionCodes(plain, perturbed, 0.45)), (std::vector<int>{0, 1, 2, 3, 2}));
}

TEST(RegionMap, ThreeClassesCompareTheWholeArgmax) {
    const torch::Tensor plain = probs({{0.1f, 0.8f, 0.1f}, {0.1f, 0.8f, 0.1f}});
    const torch::Tensor perturbed = probs({{0.1f, 0.1f, 0.8f}, {0.05f, 0.9f, 0.05f}});
    EXPECT_EQ(codes(regionCodes(plain, perturbed, 0.425)), (std::vector<int>{2, 1}));
    EXPECT_THROW(regionCodes(plain, probs({{0.5f, 0.5f}, {0.5f, 0.5f}}), 0.4), Error);
}

TEST(RegionMap, PerturbedViewIsClippedNoiseThenAFlipAlongX) {
    const torch::Tensor image = torch::arange(24, torch::kFloat).reshape({1, 2, 3, 4});
    EXPECT_TRUE(torch::equal(perturbedView(image, 0.0, 0.2, true), image.flip({3})));
    EXPECT_TRUE(torch::equal(perturbedView(image, 0.0, 0.2, false), image));
    EXPECT_TRUE(torch::equal(flipX(flipX(image)), image));
    const torch::Tensor noise = flipX(perturbedView(image, 10.0, 0.2, true)) - image;
    EXPECT_LE(noise.abs().max().item<float>(), 0.2f + 1e-5f);
    EXPECT_GT(noise.abs().max().item<float>(), 0.1f);
}

TEST(RegionMap, ModelPredictsTheMapOnlyWhenAsked) {
    Trainer trainer(test::tinySettings("supervised", 1), test::hippocampusCases(true), {});
    trainer.step();
    const Volume volume = readNiftiVolume(test::hippocampusCases()[2].imagePath);
    const auto model = trainer.currentModel();
    EXPECT_FALSE(model->predict(volume).regions.has_value());
    PredictionOptions options;
    options.regions = true;
    const Prediction prediction = model->predict(volume, nullptr, options);
    ASSERT_TRUE(prediction.regions.has_value());
    EXPECT_EQ(prediction.regions->geometry.size, volume.geometry.size);
    EXPECT_EQ(prediction.regions->labels.size(), volume.voxels.size());
    EXPECT_LE(prediction.regions->maxLabel(), 3);
    // Voxels the plain view calls background can never be "consistent" (code 1).
    for (size_t n = 0; n < volume.voxels.size(); ++n) {
        if (prediction.labels.labels[n] == 0) {
            ASSERT_NE(prediction.regions->labels[n], kRegionConsistent) << n;
        }
    }
}

}  // namespace
}  // namespace segloop
