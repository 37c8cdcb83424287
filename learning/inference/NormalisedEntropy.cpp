#include "learning/inference/NormalisedEntropy.h"

#include "core/Error.h"
#include "learning/runtime/Precision.h"

#include <torch/types.h>

#include <cmath>

namespace segloop {

torch::Tensor normalisedEntropy(const torch::Tensor& probabilities) {
    if (probabilities.dim() < 2 || probabilities.size(1) < 2) {
        throw Error("normalised entropy", "expected probabilities [B,K,...] with K >= 2");
    }
    const torch::Tensor p = toLossPrecision(probabilities);
    const torch::Tensor plogp = p * p.clamp_min(1e-12).log();  // 0 log 0 -> 0
    return -plogp.sum(1) / std::log(static_cast<double>(p.size(1)));
}

}  // namespace segloop
