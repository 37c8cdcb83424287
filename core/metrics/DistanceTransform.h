#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/image/ImageGeometry.h"

namespace segloop {

/// Exact squared Euclidean distance transform of a binary 3D grid, in mm², with anisotropic
/// spacing.
///
/// For every voxel v of a grid of `size` voxels (x fastest, as ImageGeometry::linearIndex),
/// returns min over feature voxels f of sum_a (spacingMm[a] * (v_a - f_a))², i.e. the squared
/// distance between voxel centres in mm. A voxel is a feature where `isFeature & featureBits`
/// is non-zero (with the default, where `isFeature` is non-zero).
/// Where the grid holds no feature at all every value is +infinity. Computed separably, one
/// axis after the other, with the lower envelope of parabolas of Felzenszwalb and Huttenlocher
/// (linear in the voxel count); axes of size 1 are allowed. Memory: one double per voxel plus
/// one line of scratch space. Pure function, safe to call from any thread.
///
/// Throws segloop::Error when `isFeature` does not hold one entry per voxel or a spacing is
/// not positive and finite.
std::vector<double> squaredDistanceTransformMm2(const std::vector<uint8_t>& isFeature,
                                                const std::array<int64_t, 3>& size,
                                                const Vec3& spacingMm, uint8_t featureBits = 0xFF);

/// The same, written into `squaredMm2` (resized to the voxel count), so that one buffer can
/// serve several transforms of a large box.
void squaredDistanceTransformMm2(const std::vector<uint8_t>& isFeature,
                                 const std::array<int64_t, 3>& size, const Vec3& spacingMm,
                                 std::vector<double>& squaredMm2, uint8_t featureBits = 0xFF);

}  // namespace segloop
