#pragma once

// The light ATen header only (at::Tensor is torch::Tensor); <torch/types.h> costs 7 s more.
#include <ATen/core/Tensor.h>

namespace segloop {

/// Normalised entropy [B,Z,Y,X] of probabilities [B,K,Z,Y,X] (K >= 2):
///   H(v) = -sum_k p_k(v) log p_k(v) / log K   in [0, 1]   (0 log 0 = 0)
/// 1 for the uniform distribution, 0 for a one-hot one.
at::Tensor normalisedEntropy(const at::Tensor& probabilities);

}  // namespace segloop
