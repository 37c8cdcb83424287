#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace segloop {

/// Voxels of one training patch when nothing else is known: 32x48x32, the patch the
/// hippocampus benchmarks were measured with (a step of about 0.36 s at base 16 on 2 cores).
inline constexpr int64_t kDefaultPatchVoxels = 32 * 48 * 32;

/// The training patch for volumes of these sizes (x, y, z in voxels), in the spirit of
/// nnU-Net's planning (arXiv 1809.10486): start from the median size of each axis rounded up
/// to a multiple of `alignment` (what the network's poolings need), then, while the patch holds
/// more than `voxelBudget` voxels, take `alignment` off the axis the patch covers most
/// generously relative to the median (ties: the longer axis, then x before y before z).
/// Hippocampus crops (median 35x50x36) get 32x48x32; ACDC's thin cardiac stacks (160x160x9)
/// get 72x80x8 instead of a patch two thirds padding in z. No sizes: 32x48x32.
std::array<int64_t, 3> plannedPatchSize(const std::vector<std::array<int64_t, 3>>& volumeSizes,
                                        const std::array<int64_t, 3>& alignment,
                                        int64_t voxelBudget = kDefaultPatchVoxels);

}  // namespace segloop
