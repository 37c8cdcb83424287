#pragma once

// Internal helpers of the mask corruptions (core/quality); not a public interface.
#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "core/image/LabelMap.h"

namespace segloop::corruption_detail {

using Index = std::array<int64_t, 3>;

/// Seeded draws written out here (not std::*_distribution) so that a seed gives the same
/// corruption with every standard library. One owner.
struct Random {
    explicit Random(uint64_t seed) : engine(seed) {}
    double uniform01() { return double(engine() >> 11) * 0x1.0p-53; }
    double uniform(double low, double high) { return low + (high - low) * uniform01(); }
    bool chance(double p) { return uniform01() < p; }
    /// Uniform in [0, count); count > 0 (modulo of 64 bits: bias below 2^-40 for our counts).
    size_t index(size_t count) { return size_t(engine() % count); }
    std::mt19937_64 engine;
};

inline Index indexOf(const ImageGeometry& grid, size_t linear) {
    const int64_t n = int64_t(linear);
    return {n % grid.size[0], (n / grid.size[0]) % grid.size[1], n / (grid.size[0] * grid.size[1])};
}

/// Linear indices of the voxels of `label` (label 0: of every foreground class).
std::vector<size_t> voxelsOf(const LabelMap& map, uint16_t label);
size_t foregroundCount(const LabelMap& map);
/// (3V / 4π)^(1/3) in mm for `voxels` voxels of the map's spacing.
double equivalentRadiusMm(const LabelMap& map, size_t voxels);
/// Voxel offsets inside a ball of `radiusMm` (always holds {0,0,0}).
std::vector<Index> ballOffsets(double radiusMm, const std::array<double, 3>& spacingMm);

/// Calls `visit(value)` for each in-grid voxel of `map` at centre + offset.
template <typename Visit>
void stamp(LabelMap& map, const Index& centre, const std::vector<Index>& offsets, Visit visit) {
    for (const Index& d : offsets) {
        const int64_t i = centre[0] + d[0], j = centre[1] + d[1], k = centre[2] + d[2];
        if (map.geometry.contains(i, j, k)) {
            visit(map.at(i, j, k));
        }
    }
}

}  // namespace segloop::corruption_detail
