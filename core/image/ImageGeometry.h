#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace segloop {

using Vec3 = std::array<double, 3>;
using Mat3 = std::array<double, 9>;  ///< Row-major 3x3 matrix.

/// The voxel grid of an image: size in voxels, spacing in mm, and its placement in patient space.
///
/// World coordinates are DICOM patient coordinates (LPS: x to the patient's left, y to the
/// posterior, z to the head), in millimetres. `originMm` is the centre of voxel (0,0,0);
/// column c of `direction` is the unit world vector along index axis c. NIfTI's RAS affines
/// are converted on read and write. A plain value type, safe to copy between threads.
struct ImageGeometry {
    std::array<int64_t, 3> size{0, 0, 0};
    Vec3 spacingMm{1.0, 1.0, 1.0};
    Vec3 originMm{0.0, 0.0, 0.0};
    Mat3 direction{1, 0, 0, 0, 1, 0, 0, 0, 1};

    size_t voxelCount() const {
        return static_cast<size_t>(size[0]) * static_cast<size_t>(size[1]) *
               static_cast<size_t>(size[2]);
    }
    size_t linearIndex(int64_t i, int64_t j, int64_t k) const {
        return static_cast<size_t>((k * size[1] + j) * size[0] + i);
    }
    bool contains(int64_t i, int64_t j, int64_t k) const {
        return i >= 0 && j >= 0 && k >= 0 && i < size[0] && j < size[1] && k < size[2];
    }

    /// World position (mm, LPS) of a continuous voxel index.
    Vec3 indexToWorld(const Vec3& index) const;
    /// Continuous voxel index of a world position (mm, LPS).
    Vec3 worldToIndex(const Vec3& worldMm) const;

    /// The 4x4 index-to-world affine (row-major), in LPS.
    std::array<double, 16> affineLps() const;
    /// The 4x4 index-to-world affine (row-major), in RAS as NIfTI stores it.
    std::array<double, 16> affineRas() const;
    /// Builds a geometry from a 4x4 index-to-world affine given in LPS (shear is not kept).
    static ImageGeometry fromAffineLps(const std::array<int64_t, 3>& size,
                                       const std::array<double, 16>& affine);

    /// Same size and, within `toleranceMm`, the same voxel-to-world mapping at every corner.
    bool sameGridAs(const ImageGeometry& other, double toleranceMm = 1e-3) const;
    /// Largest distance (mm) between the two grids' corner voxel centres; sizes must match.
    double maxCornerDistanceMm(const ImageGeometry& other) const;

    /// "35x50x36 voxels, 1x1x1 mm" for messages and `info`.
    std::string describe() const;
};

}  // namespace segloop
