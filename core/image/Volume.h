#pragma once

#include <string>
#include <vector>

#include "core/image/ImageGeometry.h"

namespace segloop {

/// A scalar 3D image: voxel intensities (float32, after any rescale slope/intercept) on a grid.
///
/// Voxels are stored x fastest, then y, then z (the NIfTI and DICOM frame order). Owns its
/// voxels; a plain value, movable between threads, not shared.
struct Volume {
    ImageGeometry geometry;
    std::vector<float> voxels;

    /// The pixel type the source stored before rescaling ("int16", "float32", ...), so that a
    /// writer can keep integer data as integers. Informational only.
    std::string sourceDataType = "float32";

    Volume() = default;
    explicit Volume(const ImageGeometry& grid) : geometry(grid), voxels(grid.voxelCount(), 0.0f) {}

    float at(int64_t i, int64_t j, int64_t k) const {
        return voxels[geometry.linearIndex(i, j, k)];
    }
    float& at(int64_t i, int64_t j, int64_t k) { return voxels[geometry.linearIndex(i, j, k)]; }
};

}  // namespace segloop
