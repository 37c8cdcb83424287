#include "core/metrics/SurfaceDistances.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/Error.h"
#include "core/metrics/DistanceTransform.h"

namespace segloop {
namespace {

/// The box padded by one voxel on every side (possibly reaching outside the grid), so that
/// every object voxel has all six neighbours inside the crop.
struct Crop {
    std::array<int64_t, 3> origin{0, 0, 0};  ///< grid index of crop voxel (0, 0, 0)
    std::array<int64_t, 3> size{0, 0, 0};

    explicit Crop(const VoxelBox& box) {
        for (size_t a = 0; a < 3; ++a) {
            origin[a] = box.first[a] - 1;
            size[a] = box.last[a] - box.first[a] + 3;
        }
    }
    size_t voxelCount() const {
        return static_cast<size_t>(size[0]) * static_cast<size_t>(size[1]) *
               static_cast<size_t>(size[2]);
    }
    size_t index(int64_t i, int64_t j, int64_t k) const {
        return static_cast<size_t>((k * size[1] + j) * size[0] + i);
    }
};

/// Bits of the one flag byte kept per crop voxel.
enum VoxelFlag : uint8_t {
    kInPrediction = 1,
    kInReference = 2,
    kPredictionSurface = 4,
    kReferenceSurface = 8,
};

/// Sets `flag` where the crop voxel lies inside the grid and holds `label`.
void markObject(const LabelMap& map, uint16_t label, const Crop& crop, uint8_t flag,
                std::vector<uint8_t>& flags) {
    const ImageGeometry& grid = map.geometry;
    const int64_t firstI = std::max<int64_t>(0, -crop.origin[0]);
    const int64_t endI = std::min<int64_t>(crop.size[0], grid.size[0] - crop.origin[0]);
    for (int64_t k = 0; k < crop.size[2]; ++k) {
        const int64_t gridK = crop.origin[2] + k;
        for (int64_t j = 0; j < crop.size[1]; ++j) {
            const int64_t gridJ = crop.origin[1] + j;
            if (gridK < 0 || gridK >= grid.size[2] || gridJ < 0 || gridJ >= grid.size[1]) {
                continue;
            }
            const uint16_t* row = &map.labels[grid.linearIndex(0, gridJ, gridK)];
            uint8_t* out = &flags[crop.index(0, j, k)];
            for (int64_t i = firstI; i < endI; ++i) {
                if (row[crop.origin[0] + i] == label) {
                    out[i] |= flag;
                }
            }
        }
    }
}

/// Sets `surfaceFlag` on, and lists, the voxels with `objectFlag` that have a face neighbour
/// without it.
std::vector<size_t> markSurface(const Crop& crop, uint8_t objectFlag, uint8_t surfaceFlag,
                                std::vector<uint8_t>& flags) {
    std::vector<size_t> surface;
    const size_t strideJ = static_cast<size_t>(crop.size[0]);
    const size_t strideK = strideJ * static_cast<size_t>(crop.size[1]);
    const auto inside = [&](size_t v) { return (flags[v] & objectFlag) != 0; };
    // Object voxels lie strictly inside the padded crop, so all neighbours are addressable.
    for (int64_t k = 1; k + 1 < crop.size[2]; ++k) {
        for (int64_t j = 1; j + 1 < crop.size[1]; ++j) {
            for (int64_t i = 1; i + 1 < crop.size[0]; ++i) {
                const size_t v = crop.index(i, j, k);
                if (!inside(v)) {
                    continue;
                }
                if (!(inside(v - 1) && inside(v + 1) && inside(v - strideJ) &&
                      inside(v + strideJ) && inside(v - strideK) && inside(v + strideK))) {
                    flags[v] |= surfaceFlag;
                    surface.push_back(v);
                }
            }
        }
    }
    return surface;
}

/// Distance (mm) from each voxel of `from` to the nearest voxel flagged `targetFlag`;
/// `squaredMm2` is scratch space.
std::vector<double> nearestDistancesMm(const std::vector<size_t>& from,
                                       const std::vector<uint8_t>& flags, uint8_t targetFlag,
                                       const Crop& crop, const Vec3& spacingMm,
                                       std::vector<double>& squaredMm2) {
    squaredDistanceTransformMm2(flags, crop.size, spacingMm, squaredMm2, targetFlag);
    std::vector<double> distancesMm;
    distancesMm.reserve(from.size());
    for (size_t v : from) {
        distancesMm.push_back(std::sqrt(squaredMm2[v]));
    }
    return distancesMm;
}

}  // namespace

void checkComparableMaps(const LabelMap& prediction, const LabelMap& reference) {
    const std::string subject = "segmentation metrics";
    if (prediction.geometry.size != reference.geometry.size) {
        throw Error(subject, "prediction is " + prediction.geometry.describe() +
                                 " but reference is " + reference.geometry.describe());
    }
    for (const LabelMap* map : {&prediction, &reference}) {
        if (map->labels.size() != map->geometry.voxelCount()) {
            throw Error(subject, std::string(map == &prediction ? "prediction" : "reference") +
                                     " holds " + std::to_string(map->labels.size()) +
                                     " labels but its grid has " +
                                     std::to_string(map->geometry.voxelCount()) + " voxels");
        }
    }
    for (double spacing : reference.geometry.spacingMm) {
        if (!(std::isfinite(spacing) && spacing > 0.0)) {
            throw Error(subject, "reference voxel spacing must be positive, got " +
                                     std::to_string(spacing) + " mm");
        }
    }
}

SurfaceDistances computeSurfaceDistancesMm(const LabelMap& prediction, const LabelMap& reference,
                                           uint16_t label) {
    checkComparableMaps(prediction, reference);
    const ImageGeometry& grid = reference.geometry;
    VoxelBox box;
    for (int64_t k = 0; k < grid.size[2]; ++k) {
        for (int64_t j = 0; j < grid.size[1]; ++j) {
            const size_t rowStart = grid.linearIndex(0, j, k);
            for (int64_t i = 0; i < grid.size[0]; ++i) {
                if (prediction.labels[rowStart + static_cast<size_t>(i)] == label ||
                    reference.labels[rowStart + static_cast<size_t>(i)] == label) {
                    box.include(i, j, k);
                }
            }
        }
    }
    return computeSurfaceDistancesMm(prediction, reference, label, box);
}

SurfaceDistances computeSurfaceDistancesMm(const LabelMap& prediction, const LabelMap& reference,
                                           uint16_t label, const VoxelBox& box) {
    checkComparableMaps(prediction, reference);
    SurfaceDistances result;
    if (box.empty()) {
        return result;
    }
    const Crop crop(box);
    std::vector<uint8_t> flags(crop.voxelCount(), 0);
    markObject(prediction, label, crop, kInPrediction, flags);
    markObject(reference, label, crop, kInReference, flags);
    const std::vector<size_t> predictionSurface =
        markSurface(crop, kInPrediction, kPredictionSurface, flags);
    const std::vector<size_t> referenceSurface =
        markSurface(crop, kInReference, kReferenceSurface, flags);
    if (predictionSurface.empty() || referenceSurface.empty()) {
        return result;
    }
    const Vec3& spacingMm = reference.geometry.spacingMm;
    std::vector<double> squaredMm2;
    result.predictionToReferenceMm = nearestDistancesMm(predictionSurface, flags, kReferenceSurface,
                                                        crop, spacingMm, squaredMm2);
    result.referenceToPredictionMm = nearestDistancesMm(referenceSurface, flags, kPredictionSurface,
                                                        crop, spacingMm, squaredMm2);
    return result;
}

double linearQuantile(std::vector<double> values, double fraction) {
    if (values.empty()) {
        return std::nan("");
    }
    const double position = std::clamp(fraction, 0.0, 1.0) * static_cast<double>(values.size() - 1);
    const size_t below = static_cast<size_t>(std::floor(position));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(below),
                     values.end());
    const double lower = values[below];
    if (below + 1 >= values.size()) {
        return lower;
    }
    // Everything after position `below` is >= lower; the next order statistic is their minimum.
    const double upper =
        *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(below) + 1, values.end());
    return lower + (position - static_cast<double>(below)) * (upper - lower);
}

}  // namespace segloop
