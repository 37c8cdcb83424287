#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/image/LabelMap.h"

namespace segloop {

/// An inclusive box of voxel indices, [first[a], last[a]] on each axis a; empty until a voxel
/// is included. A plain value.
struct VoxelBox {
    std::array<int64_t, 3> first{std::numeric_limits<int64_t>::max(),
                                 std::numeric_limits<int64_t>::max(),
                                 std::numeric_limits<int64_t>::max()};
    std::array<int64_t, 3> last{-1, -1, -1};

    bool empty() const { return first[0] > last[0]; }
    /// Grows the box to hold voxel (i, j, k).
    void include(int64_t i, int64_t j, int64_t k) {
        const int64_t index[3] = {i, j, k};
        for (size_t a = 0; a < 3; ++a) {
            first[a] = index[a] < first[a] ? index[a] : first[a];
            last[a] = index[a] > last[a] ? index[a] : last[a];
        }
    }
};

/// The two directed sets of surface distances of one class, in mm, one value per surface voxel.
///
/// The surface of an object is the set of its voxels with at least one of their 6 face
/// neighbours outside the object; a neighbour that would lie outside the grid counts as
/// outside, so object voxels on the volume border are surface voxels. Distances are between
/// voxel centres, in mm, using the grid's spacing on each axis (the direction matrix is a
/// rotation and does not change them).
struct SurfaceDistances {
    /// For each surface voxel of the prediction: distance to the nearest reference surface voxel.
    std::vector<double> predictionToReferenceMm;
    /// For each surface voxel of the reference: distance to the nearest prediction surface voxel.
    std::vector<double> referenceToPredictionMm;
};

/// Throws segloop::Error unless the two maps have the same size, each holds one label per
/// voxel, and the reference's spacing is positive and finite.
void checkComparableMaps(const LabelMap& prediction, const LabelMap& reference);

/// Directed surface distances of class `label` between two maps of the same size, using the
/// spacing of `reference` (the prediction is taken to lie on the same grid). The work, an exact
/// distance transform of each surface looked up at the other surface, is confined to the
/// bounding box of the class in both maps, padded by one voxel. Both sets are empty when either
/// object is empty. Throws as checkComparableMaps does.
SurfaceDistances computeSurfaceDistancesMm(const LabelMap& prediction, const LabelMap& reference,
                                           uint16_t label);
/// The same with the bounding box already known: `box` must hold every voxel of class `label`
/// in both maps (a smaller box gives wrong distances).
SurfaceDistances computeSurfaceDistancesMm(const LabelMap& prediction, const LabelMap& reference,
                                           uint16_t label, const VoxelBox& box);

/// The `fraction` quantile (0..1) of `values` with linear interpolation between order
/// statistics, as numpy.percentile(values, 100 * fraction) does by default: with the values
/// sorted as a[0] <= ... <= a[n-1] and h = fraction * (n - 1), the result is
/// a[floor(h)] + (h - floor(h)) * (a[floor(h) + 1] - a[floor(h)]). NaN for no values.
double linearQuantile(std::vector<double> values, double fraction);

}  // namespace segloop
