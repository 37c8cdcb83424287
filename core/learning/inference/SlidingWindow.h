#pragma once

// Internal to the learning engine (includes LibTorch).
#include <torch/torch.h>

#include <array>

#include "core/jobs/Progress.h"
#include "core/learning/network/SegmentationNetwork.h"

namespace segloop {

/// Class probabilities of a whole volume from overlapping patches.
///
/// `image` is the normalised volume [C,Z,Y,X] (any size; padded to the patch where smaller).
/// Windows of `patchSizeXyz` step by (1 - overlap) of the patch; each window's softmax is
/// weighted by a Gaussian centred on the window (sigma = 1/8 of the patch per axis) so that
/// window borders count less, then the weighted sum is normalised. Windows run in batches of
/// at least two (LibTorch 1.13's Conv3d is slow at batch 1). Returns [K,Z,Y,X] on the CPU.
/// The network runs in eval mode without gradients on `device`.
torch::Tensor slidingWindowProbabilities(SegmentationNetwork& network, const torch::Tensor& image,
                                         const std::array<int64_t, 3>& patchSizeXyz,
                                         const torch::Device& device, double overlap = 0.5,
                                         Progress* progress = nullptr);

/// The Gaussian importance map of a window [Z,Y,X] (max 1, no zeros).
torch::Tensor gaussianWindowWeights(const std::array<int64_t, 3>& patchSizeXyz);

/// Start positions along one axis so that windows of `patch` cover `size` with the given step.
std::vector<int64_t> windowStarts(int64_t size, int64_t patch, int64_t step);

}  // namespace segloop
