#include "core/learning/inference/SlidingWindow.h"

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

torch::Tensor slidingWindowProbabilities(SegmentationNetwork& network, const torch::Tensor& image,
                                         const std::array<int64_t, 3>& patchSizeXyz,
                                         const torch::Device& device, double overlap,
                                         Progress* progress) {
    torch::NoGradGuard noGrad;
    const bool wasTraining = network->is_training();
    network->eval();
    const std::array<int64_t, 3> patch{patchSizeXyz[2], patchSizeXyz[1], patchSizeXyz[0]};
    const std::array<int64_t, 3> original{image.size(1), image.size(2), image.size(3)};
    // Pad (at the end of each axis) to at least the patch, with the image minimum.
    std::array<int64_t, 3> padded{};
    for (int axis = 0; axis < 3; ++axis) {
        padded[axis] = std::max(original[axis], patch[axis]);
    }
    torch::Tensor input = torch::full({image.size(0), padded[0], padded[1], padded[2]},
                                      image.min().item<float>(), torch::kFloat);
    input.slice(1, 0, original[0]).slice(2, 0, original[1]).slice(3, 0, original[2]).copy_(image);

    std::array<std::vector<int64_t>, 3> starts;
    for (int axis = 0; axis < 3; ++axis) {
        const int64_t step = std::max<int64_t>(1, std::llround(patch[axis] * (1.0 - overlap)));
        starts[axis] = windowStarts(padded[axis], patch[axis], step);
    }
    std::vector<std::array<int64_t, 3>> windows;
    for (int64_t z : starts[0]) {
        for (int64_t y : starts[1]) {
            for (int64_t x : starts[2]) {
                windows.push_back({z, y, x});
            }
        }
    }
    const torch::Tensor weights = gaussianWindowWeights(patchSizeXyz);
    const int64_t classes = network->config().classes;
    torch::Tensor sum = torch::zeros({classes, padded[0], padded[1], padded[2]}, torch::kFloat);
    torch::Tensor weightSum = torch::zeros({padded[0], padded[1], padded[2]}, torch::kFloat);
    constexpr size_t kBatch = 2;
    for (size_t first = 0; first < windows.size(); first += kBatch) {
        reportProgress(progress, "Predicting", first, windows.size());
        std::vector<torch::Tensor> crops;
        const size_t last = std::min(windows.size(), first + kBatch);
        for (size_t n = first; n < last; ++n) {
            const auto& w = windows[n];
            crops.push_back(input.slice(1, w[0], w[0] + patch[0])
                                .slice(2, w[1], w[1] + patch[1])
                                .slice(3, w[2], w[2] + patch[2]));
        }
        const size_t real = crops.size();
        while (crops.size() < kBatch) {
            crops.push_back(crops.back());  // keep batch >= 2: the batch-1 Conv3d path is slow
        }
        const torch::Tensor batch = torch::stack(crops).to(device);
        const torch::Tensor probabilities =
            torch::softmax(network->forward(batch).to(torch::kFloat), 1).to(torch::kCPU);
        for (size_t n = 0; n < real; ++n) {
            const auto& w = windows[first + n];
            sum.slice(1, w[0], w[0] + patch[0])
                .slice(2, w[1], w[1] + patch[1])
                .slice(3, w[2], w[2] + patch[2])
                .add_(probabilities[static_cast<int64_t>(n)] * weights);
            weightSum.slice(0, w[0], w[0] + patch[0])
                .slice(1, w[1], w[1] + patch[1])
                .slice(2, w[2], w[2] + patch[2])
                .add_(weights);
        }
    }
    reportProgress(progress, "Predicting", windows.size(), windows.size());
    if (wasTraining) {
        network->train();
    }
    return (sum / weightSum.unsqueeze(0))
        .slice(1, 0, original[0])
        .slice(2, 0, original[1])
        .slice(3, 0, original[2])
        .contiguous();
}

}  // namespace segloop
