#include "core/image/ImageGeometry.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace segloop {

Vec3 ImageGeometry::indexToWorld(const Vec3& index) const {
    Vec3 world = originMm;
    for (int row = 0; row < 3; ++row) {
        for (int col = 0; col < 3; ++col) {
            world[row] += direction[row * 3 + col] * spacingMm[col] * index[col];
        }
    }
    return world;
}

Vec3 ImageGeometry::worldToIndex(const Vec3& worldMm) const {
    // direction * diag(spacing) maps index to offset; invert it with the adjugate.
    Mat3 m{};
    for (int row = 0; row < 3; ++row) {
        for (int col = 0; col < 3; ++col) {
            m[row * 3 + col] = direction[row * 3 + col] * spacingMm[col];
        }
    }
    const double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
                       m[2] * (m[3] * m[7] - m[4] * m[6]);
    const Mat3 inv{(m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det,
                   (m[1] * m[5] - m[2] * m[4]) / det, (m[5] * m[6] - m[3] * m[8]) / det,
                   (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
                   (m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det,
                   (m[0] * m[4] - m[1] * m[3]) / det};
    const Vec3 offset{worldMm[0] - originMm[0], worldMm[1] - originMm[1], worldMm[2] - originMm[2]};
    Vec3 index{};
    for (int row = 0; row < 3; ++row) {
        index[row] =
            inv[row * 3] * offset[0] + inv[row * 3 + 1] * offset[1] + inv[row * 3 + 2] * offset[2];
    }
    return index;
}

std::array<double, 16> ImageGeometry::affineLps() const {
    std::array<double, 16> a{};
    for (int row = 0; row < 3; ++row) {
        for (int col = 0; col < 3; ++col) {
            a[row * 4 + col] = direction[row * 3 + col] * spacingMm[col];
        }
        a[row * 4 + 3] = originMm[row];
    }
    a[15] = 1.0;
    return a;
}

std::array<double, 16> ImageGeometry::affineRas() const {
    std::array<double, 16> a = affineLps();
    for (int col = 0; col < 4; ++col) {
        a[col] = -a[col];          // x: L -> R
        a[4 + col] = -a[4 + col];  // y: P -> A
    }
    return a;
}

ImageGeometry ImageGeometry::fromAffineLps(const std::array<int64_t, 3>& size,
                                           const std::array<double, 16>& affine) {
    ImageGeometry g;
    g.size = size;
    for (int col = 0; col < 3; ++col) {
        const double norm =
            std::sqrt(affine[col] * affine[col] + affine[4 + col] * affine[4 + col] +
                      affine[8 + col] * affine[8 + col]);
        g.spacingMm[col] = norm > 0 ? norm : 1.0;
        for (int row = 0; row < 3; ++row) {
            const double identity = row == col ? 1.0 : 0.0;
            g.direction[row * 3 + col] = norm > 0 ? affine[row * 4 + col] / norm : identity;
        }
    }
    for (int row = 0; row < 3; ++row) {
        g.originMm[row] = affine[row * 4 + 3];
    }
    return g;
}

double ImageGeometry::maxCornerDistanceMm(const ImageGeometry& other) const {
    double worst = 0.0;
    for (int corner = 0; corner < 8; ++corner) {
        const Vec3 index{(corner & 1) ? double(size[0] - 1) : 0.0,
                         (corner & 2) ? double(size[1] - 1) : 0.0,
                         (corner & 4) ? double(size[2] - 1) : 0.0};
        const Vec3 a = indexToWorld(index);
        const Vec3 b = other.indexToWorld(index);
        worst = std::max(worst,
                         std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                                   (a[2] - b[2]) * (a[2] - b[2])));
    }
    return worst;
}

bool ImageGeometry::sameGridAs(const ImageGeometry& other, double toleranceMm) const {
    if (size != other.size) {
        return false;
    }
    return maxCornerDistanceMm(other) <= toleranceMm;
}

std::string ImageGeometry::describe() const {
    char text[160];
    std::snprintf(text, sizeof text, "%lldx%lldx%lld voxels, %.4gx%.4gx%.4g mm",
                  static_cast<long long>(size[0]), static_cast<long long>(size[1]),
                  static_cast<long long>(size[2]), spacingMm[0], spacingMm[1], spacingMm[2]);
    return text;
}

}  // namespace segloop
