#include "core/quality/CorruptionSupport.h"

#include <cmath>

#include "core/quality/MaskCorruption.h"

namespace segloop {
namespace corruption_detail {

std::vector<size_t> voxelsOf(const LabelMap& map, uint16_t label) {
    std::vector<size_t> voxels;
    for (size_t n = 0; n < map.labels.size(); ++n) {
        if (label == 0 ? map.labels[n] != 0 : map.labels[n] == label) {
            voxels.push_back(n);
        }
    }
    return voxels;
}

size_t foregroundCount(const LabelMap& map) {
    size_t count = 0;
    for (uint16_t value : map.labels) {
        count += value != 0;
    }
    return count;
}

double equivalentRadiusMm(const LabelMap& map, size_t voxels) {
    const auto& s = map.geometry.spacingMm;
    const double volume = double(voxels) * s[0] * s[1] * s[2];
    return std::cbrt(3.0 * volume / (4.0 * 3.14159265358979323846));
}

std::vector<Index> ballOffsets(double radiusMm, const std::array<double, 3>& spacingMm) {
    std::vector<Index> offsets;
    Index reach;
    for (int a = 0; a < 3; ++a) {
        reach[a] = int64_t(std::floor(std::max(0.0, radiusMm) / spacingMm[a]));
    }
    for (int64_t k = -reach[2]; k <= reach[2]; ++k) {
        for (int64_t j = -reach[1]; j <= reach[1]; ++j) {
            for (int64_t i = -reach[0]; i <= reach[0]; ++i) {
                const double x = double(i) * spacingMm[0], y = double(j) * spacingMm[1],
                             z = double(k) * spacingMm[2];
                if (x * x + y * y + z * z <= radiusMm * radiusMm + 1e-9) {
                    offsets.push_back({i, j, k});
                }
            }
        }
    }
    if (offsets.empty()) {
        offsets.push_back({0, 0, 0});
    }
    return offsets;
}

namespace {

constexpr int kFaces[6][3] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};

}  // namespace
}  // namespace corruption_detail

using namespace corruption_detail;

LabelMap erodeClass(const LabelMap& map, uint16_t label, double radiusMm) {
    LabelMap out = map;
    const auto ball = ballOffsets(radiusMm, map.geometry.spacingMm);
    if (ball.size() <= 1) {
        return out;
    }
    std::vector<char> stamped(map.labels.size(), 0);
    for (size_t v : voxelsOf(map, label)) {
        const Index p = indexOf(map.geometry, v);
        for (const auto& f : kFaces) {
            const Index q{p[0] + f[0], p[1] + f[1], p[2] + f[2]};
            const bool inside = map.geometry.contains(q[0], q[1], q[2]);
            if (inside && (map.at(q[0], q[1], q[2]) == label ||
                           stamped[map.geometry.linearIndex(q[0], q[1], q[2])])) {
                continue;
            }
            if (inside) {
                stamped[map.geometry.linearIndex(q[0], q[1], q[2])] = 1;
            }
            // Every voxel of the class within the radius of a non-class voxel is removed.
            stamp(out, q, ball, [&](uint16_t& value) {
                if (value == label) {
                    value = 0;
                }
            });
        }
    }
    return out;
}

LabelMap dilateClass(const LabelMap& map, uint16_t label, double radiusMm) {
    LabelMap out = map;
    const auto ball = ballOffsets(radiusMm, map.geometry.spacingMm);
    if (ball.size() <= 1) {
        return out;
    }
    for (size_t v : voxelsOf(map, label)) {
        const Index p = indexOf(map.geometry, v);
        bool surface = false;
        for (const auto& f : kFaces) {
            const Index q{p[0] + f[0], p[1] + f[1], p[2] + f[2]};
            surface = surface || (map.geometry.contains(q[0], q[1], q[2]) &&
                                  map.at(q[0], q[1], q[2]) != label);
        }
        if (surface) {
            stamp(out, p, ball, [&](uint16_t& value) { value = label; });
        }
    }
    return out;
}

}  // namespace segloop
