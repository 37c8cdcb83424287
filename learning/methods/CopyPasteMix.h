#pragma once

// The light ATen header only (at::Tensor is torch::Tensor).
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace segloop {

/// Bidirectional copy-paste (BCP, Bai et al., CVPR 2023, arXiv 2305.00673) of a batch of
/// unlabelled images x_u with labelled partners x_l, both [B,C,Z,Y,X] on one device:
///   a = M x_l + (1 - M) x_u   (a labelled box pasted into the unlabelled image)
///   b = M x_u + (1 - M) x_l   (the same box of the unlabelled image pasted into the labelled one)
/// Each image's content appears whole across a and b, so an output on a and b can be unmixed
/// back onto x_u and onto x_l (unmixCopyPaste).
struct CopyPasteMix {
    at::Tensor box;                     ///< M, float {0,1} [B,1,Z,Y,X]
    at::Tensor labelledIntoUnlabelled;  ///< a [B,C,Z,Y,X]
    at::Tensor unlabelledIntoLabelled;  ///< b [B,C,Z,Y,X]
};

/// `count` box masks float {0,1} [count,1,Z,Y,X] over the spatial shape of `like`
/// ([B,C,Z,Y,X]; its dtype and device): each box spans round(fraction * extent) voxels along
/// every axis (at least 1), at a position drawn uniformly from torch's generator.
/// Throws segloop::Error for a fraction outside (0, 1].
at::Tensor randomBoxMasks(int64_t count, const at::Tensor& like, double fraction);

/// The two mixed images of x_u and x_l under `box` (see CopyPasteMix). Throws
/// segloop::Error when the shapes disagree.
CopyPasteMix copyPasteMix(const at::Tensor& unlabelled, const at::Tensor& labelled,
                          const at::Tensor& box);

/// Outputs of one network on the two mixed images, [B,K,Z,Y,X] each, put back together per
/// source image: `unlabelled` = (1 - M) out(a) + M out(b) lies on x_u's voxels, `labelled` =
/// M out(a) + (1 - M) out(b) on x_l's. Differentiable in both outputs.
struct UnmixedOutputs {
    at::Tensor unlabelled;
    at::Tensor labelled;
};
UnmixedOutputs unmixCopyPaste(const at::Tensor& outputOnLabelledIntoUnlabelled,
                              const at::Tensor& outputOnUnlabelledIntoLabelled,
                              const at::Tensor& box);

}  // namespace segloop
