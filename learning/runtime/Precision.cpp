#include "learning/runtime/Precision.h"

#include <torch/types.h>

namespace segloop {

torch::Tensor toLossPrecision(const torch::Tensor& tensor) {
    const auto type = tensor.scalar_type();
    return (type == torch::kHalf || type == torch::kBFloat16) ? tensor.to(torch::kFloat) : tensor;
}

}  // namespace segloop
