#include "learning/methods/QualityGuidance.h"

#include "core/Error.h"

#include <torch/types.h>

#include <algorithm>

namespace segloop {
namespace {

/// Centre crop or pad of dimension `dim` to `size`, padding with `value`.
torch::Tensor fitDimension(const torch::Tensor& tensor, int64_t dim, int64_t size, double value) {
    const int64_t current = tensor.size(dim);
    if (current >= size) {
        return tensor.narrow(dim, (current - size) / 2, size);
    }
    // constant_pad_nd lists (before, after) pairs from the last dimension backwards.
    std::vector<int64_t> pad(size_t(2 * (tensor.dim() - dim)), 0);
    const int64_t before = (size - current) / 2;
    pad[pad.size() - 2] = before;
    pad[pad.size() - 1] = size - current - before;
    return torch::constant_pad_nd(tensor, pad, value);
}

/// [B, C, Z, Y, X] cropped/padded to cropSize (x, y, z); padding with 0.
torch::Tensor fitSpatial(torch::Tensor tensor, const std::array<int64_t, 3>& cropSize) {
    tensor = fitDimension(tensor, 2, cropSize[2], 0.0);
    tensor = fitDimension(tensor, 3, cropSize[1], 0.0);
    return fitDimension(tensor, 4, cropSize[0], 0.0);
}

}  // namespace

torch::Tensor qualityInputOfPatches(const torch::Tensor& images, const torch::Tensor& masks,
                                    const std::array<int64_t, 3>& cropSize) {
    if (images.dim() != 5 || masks.dim() != 5 || images.size(1) != 1 ||
        images.size(0) != masks.size(0) || images.sizes().slice(2) != masks.sizes().slice(2)) {
        throw Error("quality input", "expected images [B,1,Z,Y,X] and masks [B,K-1,Z,Y,X]");
    }
    const torch::Tensor image = images.to(torch::kFloat);
    // Pad the image with its own minimum: shift it to 0, pad with 0, shift back.
    const torch::Tensor minimum = std::get<0>(image.flatten(1).min(1)).view({-1, 1, 1, 1, 1});
    const torch::Tensor fittedImage = fitSpatial(image - minimum, cropSize) + minimum;
    return torch::cat({fittedImage, fitSpatial(masks.to(torch::kFloat), cropSize)}, 1);
}

torch::Tensor predictedQuality(const QualityFunction& quality, const torch::Tensor& images,
                               const torch::Tensor& probabilities,
                               const std::array<int64_t, 3>& cropSize) {
    const torch::Tensor foreground = probabilities.slice(1, 1);
    const torch::Tensor predicted = quality(qualityInputOfPatches(images, foreground, cropSize));
    if (predicted.dim() != 2 || predicted.size(0) != images.size(0)) {
        throw Error("quality prediction", "the quality function must return [B, outputs]");
    }
    return predicted.select(1, predicted.size(1) - 1);
}

torch::Tensor qualityRegularisationLoss(const QualityFunction& quality, const torch::Tensor& images,
                                        const torch::Tensor& studentProbabilities,
                                        const std::array<int64_t, 3>& cropSize) {
    return 1.0 - predictedQuality(quality, images, studentProbabilities, cropSize).mean();
}

torch::Tensor pseudoLabelWeights(const torch::Tensor& quality, double temperature,
                                 double threshold) {
    const torch::Tensor q = quality.detach().to(torch::kFloat);
    return q.pow(temperature) * (q >= threshold).to(torch::kFloat);
}

torch::Tensor weightedSampleMean(const torch::Tensor& losses, const torch::Tensor& weights) {
    const torch::Tensor w = weights.to(losses.scalar_type());
    return (w * losses).sum() / (w.sum() + 1e-8);
}

double delayedLinearRamp(double progress, double start, double length, double maxWeight) {
    if (progress < start) {
        return 0.0;
    }
    if (length <= 0.0) {
        return maxWeight;
    }
    return maxWeight * std::clamp((progress - start) / length, 0.0, 1.0);
}

}  // namespace segloop
