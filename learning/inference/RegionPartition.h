#pragma once

// The light ATen header only (at::Tensor is torch::Tensor); <torch/types.h> costs 7 s more.
#include <ATen/core/Tensor.h>

namespace segloop {

/// SGRS region masks, float {0,1} tensors [B,Z,Y,X] (METHODS-NOTES §4.2).
struct SgrsRegions {
    at::Tensor consistent;          ///< C: argmax of the plain view == argmax of the mixed view
    at::Tensor divergent;           ///< D = 1 - C
    at::Tensor ambiguous;           ///< A: tau < p0 < 1 - tau in the plain or the mixed view
    at::Tensor reliableConsistent;  ///< C' = C and not A
    at::Tensor reliableDivergent;   ///< D' = D and not A
};

/// Partitions the voxels by the student's predictions on the plain and on the mixed view of
/// the same unlabelled images, probsPlain/probsMixed [B,K,Z,Y,X] (softmax). The ambiguity band
/// reads the background probability p0 = probs[:,0] (for K > 2 too: "background vs anything").
SgrsRegions partitionRegions(const at::Tensor& probsPlain, const at::Tensor& probsMixed,
                             double tau);

}  // namespace segloop
