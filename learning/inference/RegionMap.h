#pragma once

// The light ATen header only (at::Tensor is torch::Tensor), as in RegionPartition.h.
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace segloop {

/// Inference-time SGRS region codes (render::SgrsRegion), one uint8 per voxel.
enum RegionCode : uint8_t {
    kRegionBackground = 0,    ///< both views say background, outside the ambiguity band
    kRegionConsistent = 1,    ///< both views agree on a foreground class, outside the band
    kRegionInconsistent = 2,  ///< the argmax differs between the views, outside the band
    kRegionUncertain = 3,     ///< tau < p0 < 1 - tau in either view (whatever the argmax)
};

/// The region map of one volume from two probability maps [K,Z,Y,X] of the same image, the
/// plain view and a perturbed view, by partitionRegions' rules: argmax agreement, and the
/// ambiguity band tau < p0 < 1 - tau on the background probability p0 = probs[0] of either
/// view. Uncertain wins over (in)consistent; consistent voxels whose class is background are
/// code 0 so that the overlay shows the structures only. Returns uint8 [Z,Y,X] on the CPU.
at::Tensor regionCodes(const at::Tensor& probsPlain, const at::Tensor& probsPerturbed, double tau);

/// The perturbed view the region map uses: clipped Gaussian noise (as the mean teacher's input,
/// std and clip in normalised intensity units) added to the normalised image [C,Z,Y,X], then,
/// with `mirror`, flipped along x; the caller flips the network's output back (flipX) before
/// comparing. Mirror only for a model trained with flips: one trained without them tells the
/// classes apart by side, and its mirrored view disagrees wherever they touch.
at::Tensor perturbedView(const at::Tensor& image, double noiseStd, double noiseClip, bool mirror);

/// Mirrors a [...,X] tensor along its last axis (x); its own inverse.
at::Tensor flipX(const at::Tensor& tensor);

}  // namespace segloop
