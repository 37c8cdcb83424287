#pragma once

// Internal to the learning engine (includes LibTorch).
#include <torch/torch.h>

#include <array>
#include <cstdint>

#include "core/jobs/Progress.h"
#include "learning/network/SegmentationNetwork.h"

namespace segloop {

/// Entropy in nats of the probabilities along `classDim` (0 log 0 = 0).
torch::Tensor entropyNats(const torch::Tensor& probabilities, int64_t classDim);

/// Mutual information (BALD) of stochastic passes [N,T,K,...] (N samples, T passes, K classes):
/// H[mean_t p_t] - mean_t H[p_t] in nats, per sample and position [N,...]; clamped at 0 against
/// rounding.
torch::Tensor mutualInformation(const torch::Tensor& passProbabilities);

/// The foreground (`labels` > 0, [Z,Y,X]) dilated by `marginVoxels` along each axis (a cube);
/// every voxel when there is no foreground. Bool [Z,Y,X].
torch::Tensor dilatedForeground(const torch::Tensor& labels, int64_t marginVoxels);

/// Channel keep-masks of the classifier input for `passes` MC-dropout passes [T,F]: each channel
/// kept with probability 1 - rate and then scaled by 1/(1 - rate), as Dropout does in training.
/// One mask per pass for the whole volume (the same network sample in every window). Seeded.
torch::Tensor dropoutChannelMasks(int64_t passes, int64_t channels, double rate, uint64_t seed);

/// What mcDropoutSlidingWindow returns, on the CPU, cut to the image's size.
struct McDropoutMaps {
    torch::Tensor probabilities;      ///< [K,Z,Y,X] deterministic (eval mode, no dropout)
    torch::Tensor mutualInformation;  ///< [Z,Y,X] nats
};

/// The sliding window of slidingWindowProbabilities (same windows and Gaussian weights) that
/// also runs, per window, the classifier head once per row of `channelMasks` [T,F] on the last
/// decoder features (all passes as one convolution: the head is linear, so a dropped input
/// channel is a zeroed weight column): the window's mutual information is blended with the
/// same weights as the probabilities (an approximation of the mutual information of the blended
/// passes; exact inside a single window). With no rows the mutual information is 0.
McDropoutMaps mcDropoutSlidingWindow(SegmentationNetwork& network, const torch::Tensor& image,
                                     const std::array<int64_t, 3>& patchSizeXyz,
                                     const torch::Device& device, const torch::Tensor& channelMasks,
                                     Progress* progress = nullptr);

}  // namespace segloop
