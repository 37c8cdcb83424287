#pragma once

// The light ATen header only (at::Tensor is torch::Tensor); <torch/types.h> costs 7 s more.
#include <ATen/core/Tensor.h>

#include "learning/inference/RegionPartition.h"  // SgrsRegions, partitionRegions

#include <cstdint>

namespace segloop {

/// `count` mix coefficients mu = max(m, 1 - m), m ~ Beta(alpha, alpha), drawn as
/// m = G1 / (G1 + G2) with G1, G2 ~ Gamma(alpha, 1) from torch's generator; float32 [count]
/// on `device`. Every value is in [0.5, 1].
at::Tensor sampleMixCoefficients(int64_t count, double alpha, const c10::Device& device);

}  // namespace segloop
