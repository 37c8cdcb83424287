#include "learning/inference/SlidingWindow.h"

#include <algorithm>
#include <cmath>

namespace segloop {

torch::Tensor gaussianWindowWeights(const std::array<int64_t, 3>& patchSizeXyz) {
    // Axis order of the tensor is z, y, x.
    const std::array<int64_t, 3> sizeZyx{patchSizeXyz[2], patchSizeXyz[1], patchSizeXyz[0]};
    torch::Tensor weights = torch::ones({1}, torch::kFloat);
    std::vector<torch::Tensor> axes;
    for (int axis = 0; axis < 3; ++axis) {
        const int64_t n = sizeZyx[axis];
        const double sigma = std::max(1.0, n / 8.0);
        const torch::Tensor position = torch::arange(n, torch::kFloat) - (n - 1) / 2.0;
        axes.push_back(torch::exp(-(position * position) / (2.0 * sigma * sigma)));
    }
    weights = axes[0].view({-1, 1, 1}) * axes[1].view({1, -1, 1}) * axes[2].view({1, 1, -1});
    weights = weights / weights.max();
    // No zero weights: every voxel of every window must count a little.
    const float smallest = weights.masked_select(weights > 0).min().item<float>();
    return weights.clamp_min(smallest);
}

std::vector<int64_t> windowStarts(int64_t size, int64_t patch, int64_t step) {
    std::vector<int64_t> starts;
    if (size <= patch) {
        return {0};
    }
    const int64_t count = (size - patch + step - 1) / step + 1;
    for (int64_t n = 0; n < count; ++n) {
        // Spread the windows evenly so the last one ends exactly at the border.
        starts.push_back(count == 1 ? 0 : (n * (size - patch) + (count - 1) / 2) / (count - 1));
    }
    return starts;
}

WindowPlan planWindows(const torch::Tensor& image, const std::array<int64_t, 3>& patchSizeXyz,
                       double overlap) {
    WindowPlan plan;
    plan.patch = {patchSizeXyz[2], patchSizeXyz[1], patchSizeXyz[0]};
    plan.original = {image.size(1), image.size(2), image.size(3)};
    // Pad (at the end of each axis) to at least the patch, with the image minimum.
    std::array<int64_t, 3> padded{};
    for (int axis = 0; axis < 3; ++axis) {
        padded[axis] = std::max(plan.original[axis], plan.patch[axis]);
    }
    plan.padded = torch::full({image.size(0), padded[0], padded[1], padded[2]},
                              image.min().item<float>(), torch::kFloat);
    plan.padded.slice(1, 0, plan.original[0])
        .slice(2, 0, plan.original[1])
        .slice(3, 0, plan.original[2])
        .copy_(image);
    std::array<std::vector<int64_t>, 3> starts;
    for (int axis = 0; axis < 3; ++axis) {
        const int64_t step = std::max<int64_t>(1, std::llround(plan.patch[axis] * (1.0 - overlap)));
        starts[axis] = windowStarts(padded[axis], plan.patch[axis], step);
    }
    for (int64_t z : starts[0]) {
        for (int64_t y : starts[1]) {
            for (int64_t x : starts[2]) {
                plan.origins.push_back({z, y, x});
            }
        }
    }
    return plan;
}

torch::Tensor windowRegion(const torch::Tensor& volume, const std::array<int64_t, 3>& origin,
                           const std::array<int64_t, 3>& patch) {
    const int64_t z = volume.dim() - 3;
    return volume.slice(z, origin[0], origin[0] + patch[0])
        .slice(z + 1, origin[1], origin[1] + patch[1])
        .slice(z + 2, origin[2], origin[2] + patch[2]);
}

torch::Tensor windowBatch(const WindowPlan& plan, size_t first, size_t count,
                          const torch::Device& device) {
    std::vector<torch::Tensor> crops;
    for (size_t n = first; n < first + count; ++n) {
        crops.push_back(windowRegion(plan.padded, plan.origins[n], plan.patch));
    }
    while (crops.size() < 2) {
        crops.push_back(crops.back());  // keep batch >= 2: the batch-1 Conv3d path is slow
    }
    return torch::stack(crops).to(device);
}

torch::Tensor slidingWindowProbabilities(SegmentationNetwork& network, const torch::Tensor& image,
                                         const std::array<int64_t, 3>& patchSizeXyz,
                                         const torch::Device& device, double overlap,
                                         Progress* progress) {
    torch::NoGradGuard noGrad;
    const bool wasTraining = network->is_training();
    network->eval();
    const WindowPlan plan = planWindows(image, patchSizeXyz, overlap);
    const auto& padded = plan.padded;
    const torch::Tensor weights = gaussianWindowWeights(patchSizeXyz);
    const int64_t classes = network->config().classes;
    torch::Tensor sum =
        torch::zeros({classes, padded.size(1), padded.size(2), padded.size(3)}, torch::kFloat);
    torch::Tensor weightSum =
        torch::zeros({padded.size(1), padded.size(2), padded.size(3)}, torch::kFloat);
    constexpr size_t kBatch = 2;
    const size_t windows = plan.origins.size();
    for (size_t first = 0; first < windows; first += kBatch) {
        reportProgress(progress, "Predicting", first, windows);
        const size_t real = std::min(kBatch, windows - first);
        const torch::Tensor probabilities =
            torch::softmax(
                network->forward(windowBatch(plan, first, real, device)).to(torch::kFloat), 1)
                .to(torch::kCPU);
        for (size_t n = 0; n < real; ++n) {
            const auto& origin = plan.origins[first + n];
            windowRegion(sum, origin, plan.patch)
                .add_(probabilities[static_cast<int64_t>(n)] * weights);
            windowRegion(weightSum, origin, plan.patch).add_(weights);
        }
    }
    reportProgress(progress, "Predicting", windows, windows);
    if (wasTraining) {
        network->train();
    }
    return (sum / weightSum.unsqueeze(0))
        .slice(1, 0, plan.original[0])
        .slice(2, 0, plan.original[1])
        .slice(3, 0, plan.original[2])
        .contiguous();
}

}  // namespace segloop
