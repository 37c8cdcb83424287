#pragma once

// The light ATen header only (at::Tensor is torch::Tensor).
#include <ATen/core/Tensor.h>

namespace segloop {

/// logits in float32 when they are half or bfloat16 (autocast), else unchanged.
at::Tensor toLossPrecision(const at::Tensor& tensor);

}  // namespace segloop
