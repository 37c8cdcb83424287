#include "learning/inference/McDropout.h"

#include <algorithm>
#include <random>

#include "core/Error.h"
#include "learning/inference/SlidingWindow.h"

namespace segloop {
namespace {

/// The 1x1(x1) classifier of the network as a [K,F,1,1,1] weight and a [K] bias, so that it can
/// be applied to the 5-D features of both architectures.
std::pair<torch::Tensor, torch::Tensor> classifierHead(SegmentationNetwork& network) {
    const auto parameters = network->named_parameters(true);
    const torch::Tensor* weight = parameters.find("classifier.0.weight");
    const torch::Tensor* bias = parameters.find("classifier.0.bias");
    if (weight == nullptr || bias == nullptr) {
        throw Error("MC dropout", "the network has no 1x1 classifier named classifier.0");
    }
    return {weight->view({weight->size(0), weight->size(1), 1, 1, 1}), *bias};
}

}  // namespace

torch::Tensor entropyNats(const torch::Tensor& probabilities, int64_t classDim) {
    return -(probabilities * probabilities.clamp_min(1e-12).log()).sum(classDim);
}

torch::Tensor mutualInformation(const torch::Tensor& passProbabilities) {
    const torch::Tensor mean = passProbabilities.mean(1);
    const torch::Tensor expected = entropyNats(passProbabilities, 2).mean(1);
    return (entropyNats(mean, 1) - expected).clamp_min(0.0);
}

torch::Tensor dilatedForeground(const torch::Tensor& labels, int64_t marginVoxels) {
    const torch::Tensor foreground = labels > 0;
    if (!foreground.any().item<bool>()) {
        return torch::ones_like(foreground);
    }
    if (marginVoxels <= 0) {
        return foreground;
    }
    const int64_t kernel = 2 * marginVoxels + 1;
    const torch::Tensor grown = torch::max_pool3d(
        foreground.to(torch::kFloat).unsqueeze(0).unsqueeze(0), {kernel, kernel, kernel}, {1, 1, 1},
        {marginVoxels, marginVoxels, marginVoxels});
    return grown.squeeze(0).squeeze(0) > 0.5;
}

torch::Tensor dropoutChannelMasks(int64_t passes, int64_t channels, double rate, uint64_t seed) {
    if (!(rate >= 0.0 && rate < 1.0)) {
        throw Error("MC dropout",
                    "the dropout rate must be in [0, 1), got " + std::to_string(rate));
    }
    std::mt19937_64 random(seed);
    std::bernoulli_distribution keep(1.0 - rate);
    torch::Tensor masks = torch::zeros({std::max<int64_t>(passes, 0), channels}, torch::kFloat);
    auto values = masks.accessor<float, 2>();
    for (int64_t t = 0; t < masks.size(0); ++t) {
        for (int64_t c = 0; c < channels; ++c) {
            values[t][c] = keep(random) ? float(1.0 / (1.0 - rate)) : 0.0f;
        }
    }
    return masks;
}

McDropoutMaps mcDropoutSlidingWindow(SegmentationNetwork& network, const torch::Tensor& image,
                                     const std::array<int64_t, 3>& patchSizeXyz,
                                     const torch::Device& device, const torch::Tensor& channelMasks,
                                     Progress* progress) {
    torch::NoGradGuard noGrad;
    const bool wasTraining = network->is_training();
    network->eval();
    const auto [weight, bias] = classifierHead(network);
    const torch::Tensor masks = channelMasks.to(device);
    if (masks.size(0) > 0 && masks.size(1) != weight.size(1)) {
        throw Error("MC dropout", "expected masks of " + std::to_string(weight.size(1)) +
                                      " channels, got " + std::to_string(masks.size(1)));
    }
    const int64_t passes = masks.size(0);
    const int64_t classes = network->config().classes;
    // Weights [T*K,F,1,1,1]: pass t's classifier with its dropped input channels zeroed.
    torch::Tensor passWeights, passBias;
    if (passes > 0) {
        passWeights = (weight.unsqueeze(0) * masks.view({passes, 1, weight.size(1), 1, 1, 1}))
                          .reshape({passes * classes, weight.size(1), 1, 1, 1});
        passBias = bias.repeat({passes});
    }
    const WindowPlan plan = planWindows(image, patchSizeXyz, 0.5);
    const auto& padded = plan.padded;
    const torch::Tensor weights = gaussianWindowWeights(patchSizeXyz);
    const std::array<int64_t, 3> size{padded.size(1), padded.size(2), padded.size(3)};
    torch::Tensor sum = torch::zeros({classes, size[0], size[1], size[2]}, torch::kFloat);
    torch::Tensor information = torch::zeros({size[0], size[1], size[2]}, torch::kFloat);
    torch::Tensor weightSum = torch::zeros({size[0], size[1], size[2]}, torch::kFloat);
    constexpr size_t kBatch = 2;
    const size_t windows = plan.origins.size();
    for (size_t first = 0; first < windows; first += kBatch) {
        reportProgress(progress, "Scoring uncertainty", first, windows);
        const size_t real = std::min(kBatch, windows - first);
        const auto [logits, features] =
            network->forwardWithFeatures(windowBatch(plan, first, real, device));
        const torch::Tensor probabilities = torch::softmax(logits.to(torch::kFloat), 1);
        torch::Tensor windowInformation = torch::zeros_like(probabilities.select(1, 0));
        if (passes > 0) {
            // The head is linear, so masking its input equals masking its weight columns: all
            // passes run as one convolution with T x K outputs [B,T*K,z,y,x].
            const torch::Tensor passLogits =
                torch::conv3d(features, passWeights, passBias).to(torch::kFloat);
            windowInformation = mutualInformation(torch::softmax(
                passLogits.view({passLogits.size(0), passes, classes, passLogits.size(2),
                                 passLogits.size(3), passLogits.size(4)}),
                2));
        }
        const torch::Tensor cpuProbabilities = probabilities.to(torch::kCPU);
        const torch::Tensor cpuInformation = windowInformation.to(torch::kCPU);
        for (size_t n = 0; n < real; ++n) {
            const auto& origin = plan.origins[first + n];
            const auto index = static_cast<int64_t>(n);
            windowRegion(sum, origin, plan.patch).add_(cpuProbabilities[index] * weights);
            windowRegion(information, origin, plan.patch).add_(cpuInformation[index] * weights);
            windowRegion(weightSum, origin, plan.patch).add_(weights);
        }
    }
    reportProgress(progress, "Scoring uncertainty", windows, windows);
    if (wasTraining) {
        network->train();
    }
    auto crop = [&](const torch::Tensor& t) {
        const int64_t z = t.dim() - 3;
        return t.slice(z, 0, plan.original[0])
            .slice(z + 1, 0, plan.original[1])
            .slice(z + 2, 0, plan.original[2])
            .contiguous();
    };
    return {crop(sum / weightSum.unsqueeze(0)), crop(information / weightSum)};
}

}  // namespace segloop
