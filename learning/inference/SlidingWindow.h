#pragma once

// Internal to the learning engine (includes LibTorch).
#include <torch/torch.h>

#include <array>
#include <vector>

#include "core/jobs/Progress.h"
#include "learning/network/SegmentationNetwork.h"

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

/// Where the windows of slidingWindowProbabilities go: the image padded (at the end of each axis,
/// with its minimum) to at least the patch, and the windows' z, y, x origins in it.
struct WindowPlan {
    torch::Tensor padded;             ///< [C,Z,Y,X]
    std::array<int64_t, 3> original;  ///< z, y, x size of the image before padding
    std::array<int64_t, 3> patch;     ///< z, y, x
    std::vector<std::array<int64_t, 3>> origins;
};
WindowPlan planWindows(const torch::Tensor& image, const std::array<int64_t, 3>& patchSizeXyz,
                       double overlap);

/// The windows [first, first + count) of `plan` as one batch [B,C,z,y,x] on `device`, the last
/// window repeated up to at least two (LibTorch 1.13's Conv3d is slow at batch 1).
torch::Tensor windowBatch(const WindowPlan& plan, size_t first, size_t count,
                          const torch::Device& device);

/// The z, y, x block of a [...,Z,Y,X] tensor where a window at `origin` lies.
torch::Tensor windowRegion(const torch::Tensor& volume, const std::array<int64_t, 3>& origin,
                           const std::array<int64_t, 3>& patch);

/// The Gaussian importance map of a window [Z,Y,X] (max 1, no zeros).
torch::Tensor gaussianWindowWeights(const std::array<int64_t, 3>& patchSizeXyz);

/// Start positions along one axis so that windows of `patch` cover `size` with the given step.
std::vector<int64_t> windowStarts(int64_t size, int64_t patch, int64_t step);

}  // namespace segloop
