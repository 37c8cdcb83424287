#include "learning/inference/RegionPartition.h"

#include "core/Error.h"

#include <torch/types.h>

namespace segloop {

SgrsRegions partitionRegions(const torch::Tensor& probsPlain, const torch::Tensor& probsMixed,
                             double tau) {
    if (probsPlain.sizes() != probsMixed.sizes() || probsPlain.dim() < 3) {
        throw Error("SGRS regions", "expected two probability maps [B,K,Z,Y,X] of one shape");
    }
    const torch::Tensor plain = probsPlain.detach();
    const torch::Tensor mixed = probsMixed.detach();
    const torch::Tensor agree = plain.argmax(1) == mixed.argmax(1);
    auto inBand = [tau](const torch::Tensor& probs) {
        const torch::Tensor background = probs.select(1, 0);
        return (background > tau).logical_and(background < 1.0 - tau);
    };
    const torch::Tensor ambiguous = inBand(plain).logical_or(inBand(mixed));
    const auto type = torch::kFloat;
    SgrsRegions regions;
    regions.consistent = agree.to(type);
    regions.divergent = agree.logical_not().to(type);
    regions.ambiguous = ambiguous.to(type);
    regions.reliableConsistent = agree.logical_and(ambiguous.logical_not()).to(type);
    regions.reliableDivergent = agree.logical_not().logical_and(ambiguous.logical_not()).to(type);
    return regions;
}

}  // namespace segloop
