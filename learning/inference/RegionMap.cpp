#include "learning/inference/RegionMap.h"

#include <torch/torch.h>

#include "core/Error.h"
#include "learning/inference/RegionPartition.h"

namespace segloop {

torch::Tensor regionCodes(const torch::Tensor& probsPlain, const torch::Tensor& probsPerturbed,
                          double tau) {
    if (probsPlain.dim() != 4 || probsPlain.sizes() != probsPerturbed.sizes()) {
        throw Error("region map", "expected two probability maps [K,Z,Y,X] of one shape");
    }
    const SgrsRegions regions =
        partitionRegions(probsPlain.unsqueeze(0), probsPerturbed.unsqueeze(0), tau);
    const torch::Tensor consistent = regions.reliableConsistent.squeeze(0) > 0.5;
    const torch::Tensor divergent = regions.reliableDivergent.squeeze(0) > 0.5;
    const torch::Tensor ambiguous = regions.ambiguous.squeeze(0) > 0.5;
    const torch::Tensor foreground = probsPlain.detach().argmax(0) > 0;
    torch::Tensor codes = torch::zeros(consistent.sizes(), torch::kUInt8);
    codes.masked_fill_(consistent.logical_and(foreground).cpu(), kRegionConsistent);
    codes.masked_fill_(divergent.cpu(), kRegionInconsistent);
    codes.masked_fill_(ambiguous.cpu(), kRegionUncertain);
    return codes.contiguous();
}

torch::Tensor perturbedView(const torch::Tensor& image, double noiseStd, double noiseClip,
                            bool mirror) {
    const torch::Tensor noise = (torch::randn_like(image) * noiseStd).clamp(-noiseClip, noiseClip);
    return mirror ? flipX(image + noise) : image + noise;
}

torch::Tensor flipX(const torch::Tensor& tensor) {
    return tensor.flip({tensor.dim() - 1});
}

}  // namespace segloop
