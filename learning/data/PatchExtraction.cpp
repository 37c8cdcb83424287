#include "learning/data/PatchExtraction.h"

#include <algorithm>

#include "core/Error.h"

namespace segloop {

namespace {

/// Linear map from output (x, y, z) to cropped-buffer offset: base + x*step[0] + y*step[1] +
/// z*step[2].
struct VoxelMap {
    int64_t base = 0;
    std::array<int64_t, 3> step{0, 0, 0};
};

/// The x-y part of a map: u = u0 + ux*x + uy*y, v = v0 + vx*x + vy*y.
struct PlaneMap {
    int64_t u0, ux, uy, v0, vx, vy;
};

/// Output (x, y) to cropped (u, v) after `quarterTurns` turns of 90 degrees (1 and 3: nx == ny).
PlaneMap turnedPlane(int quarterTurns, int64_t nx, int64_t ny) {
    switch (quarterTurns) {
        case 0:
            return {0, 1, 0, 0, 0, 1};  // (x, y)
        case 1:
            return {0, 0, 1, ny - 1, -1, 0};  // (y, n-1-x)
        case 2:
            return {nx - 1, -1, 0, ny - 1, 0, -1};  // (nx-1-x, ny-1-y)
        case 3:
            return {nx - 1, 0, -1, 0, 1, 0};  // (n-1-y, x)
        default:
            throw Error("patch augmentation", "quarter turns must be 0..3");
    }
}

VoxelMap voxelMapOf(const std::array<int64_t, 3>& size, const PatchAugmentation& augmentation) {
    const int64_t nx = size[0];
    const int64_t ny = size[1];
    PlaneMap plane = turnedPlane(augmentation.quarterTurns, nx, ny);
    if (augmentation.flip[0]) {  // u -> nx-1-u
        plane.u0 = nx - 1 - plane.u0;
        plane.ux = -plane.ux;
        plane.uy = -plane.uy;
    }
    if (augmentation.flip[1]) {  // v -> ny-1-v
        plane.v0 = ny - 1 - plane.v0;
        plane.vx = -plane.vx;
        plane.vy = -plane.vy;
    }
    const bool flipZ = augmentation.flip[2];  // w = z, or nz-1-z
    const int64_t slice = nx * ny;
    VoxelMap map;
    map.base = plane.u0 + nx * plane.v0 + (flipZ ? slice * (size[2] - 1) : 0);
    map.step = {plane.ux + nx * plane.vx, plane.uy + nx * plane.vy, flipZ ? -slice : slice};
    return map;
}

template <typename T>
void remap(const std::vector<T>& cropped, const std::array<int64_t, 3>& size, const VoxelMap& map,
           T* out) {
    for (int64_t z = 0; z < size[2]; ++z) {
        for (int64_t y = 0; y < size[1]; ++y) {
            const T* source = cropped.data() + map.base + y * map.step[1] + z * map.step[2];
            const int64_t stepX = map.step[0];
            for (int64_t x = 0; x < size[0]; ++x) {
                *out++ = source[x * stepX];
            }
        }
    }
}

}  // namespace

void PatchExtractor::crop(const PreparedCase& source, const std::array<int64_t, 3>& origin,
                          const std::array<int64_t, 3>& size) {
    const auto& volumeSize = source.geometry.size;
    const size_t count = static_cast<size_t>(size[0] * size[1] * size[2]);
    const bool labelled = source.labelled();
    croppedImage_.resize(count);
    croppedLabels_.resize(labelled ? count : 0);

    // The x range of each row that lies inside the volume.
    const int64_t xBegin = std::clamp<int64_t>(-origin[0], 0, size[0]);
    const int64_t xEnd = std::clamp<int64_t>(volumeSize[0] - origin[0], xBegin, size[0]);
    const float background = source.backgroundValue;
    size_t row = 0;
    for (int64_t z = 0; z < size[2]; ++z) {
        const int64_t sourceZ = origin[2] + z;
        for (int64_t y = 0; y < size[1]; ++y, row += static_cast<size_t>(size[0])) {
            const int64_t sourceY = origin[1] + y;
            float* imageRow = croppedImage_.data() + row;
            uint8_t* labelRow = labelled ? croppedLabels_.data() + row : nullptr;
            const bool inside = sourceY >= 0 && sourceY < volumeSize[1] && sourceZ >= 0 &&
                                sourceZ < volumeSize[2] && xBegin < xEnd;
            if (!inside) {
                std::fill(imageRow, imageRow + size[0], background);
                if (labelled) {
                    std::fill(labelRow, labelRow + size[0], uint8_t{0});
                }
                continue;
            }
            const size_t sourceStart =
                source.geometry.linearIndex(origin[0] + xBegin, sourceY, sourceZ);
            std::fill(imageRow, imageRow + xBegin, background);
            std::copy_n(source.image.data() + sourceStart, xEnd - xBegin, imageRow + xBegin);
            std::fill(imageRow + xEnd, imageRow + size[0], background);
            if (labelled) {
                std::fill(labelRow, labelRow + xBegin, uint8_t{0});
                std::copy_n(source.labels.data() + sourceStart, xEnd - xBegin, labelRow + xBegin);
                std::fill(labelRow + xEnd, labelRow + size[0], uint8_t{0});
            }
        }
    }
}

void PatchExtractor::extract(const PreparedCase& source, const std::array<int64_t, 3>& originVoxel,
                             const std::array<int64_t, 3>& patchSize,
                             const PatchAugmentation& augmentation, Patch& patch) {
    if (augmentation.quarterTurns % 2 == 1 && patchSize[0] != patchSize[1]) {
        throw Error("patch augmentation", "a 90 degree turn needs a patch square in x-y");
    }
    crop(source, originVoxel, patchSize);
    patch.size = patchSize;
    patch.originVoxel = originVoxel;
    patch.caseId = source.id;

    if (augmentation.movesVoxels()) {
        const VoxelMap map = voxelMapOf(patchSize, augmentation);
        patch.image.resize(croppedImage_.size());
        remap(croppedImage_, patchSize, map, patch.image.data());
        patch.labels.resize(croppedLabels_.size());
        if (!croppedLabels_.empty()) {
            remap(croppedLabels_, patchSize, map, patch.labels.data());
        }
    } else {
        patch.image = croppedImage_;
        patch.labels = croppedLabels_;
    }

    if (augmentation.intensityScale != 1.0f || augmentation.intensityShift != 0.0f) {
        const float scale = augmentation.intensityScale;
        const float shift = augmentation.intensityShift;
        for (float& v : patch.image) {
            v = v * scale + shift;
        }
    }
}

}  // namespace segloop
