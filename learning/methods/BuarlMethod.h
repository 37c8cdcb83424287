#pragma once

// The light ATen header only (at::Tensor is torch::Tensor); <torch/types.h> costs 7 s more.
#include <ATen/core/Tensor.h>

#include "learning/inference/NormalisedEntropy.h"  // normalisedEntropy

namespace segloop {

/// Float {0,1} mask [B,Z,Y,X] of the round(fraction * N) voxels of highest entropy in each
/// image (N = Z*Y*X; ties broken by topk, so the count is exact). fraction in [0, 1].
at::Tensor highUncertaintyMask(const at::Tensor& entropy, double fraction);

/// Float {0,1} mask [B,Z,Y,X]: 1 where entropy < threshold.
at::Tensor confidentMask(const at::Tensor& entropy, double threshold);

}  // namespace segloop
