#include "core/editing/BrushStroke.h"

#include <algorithm>
#include <cmath>

namespace segloop {
namespace {

bool isFinitePoint(const Vec3& point) {
    return std::isfinite(point[0]) && std::isfinite(point[1]) && std::isfinite(point[2]);
}

/// Clips the segment from-to to the box [-0.5, size - 0.5] on every axis (Liang-Barsky).
/// Returns false when nothing of it lies inside.
bool clipSegmentToVolume(const std::array<int64_t, 3>& size, Vec3& from, Vec3& to) {
    double enter = 0.0;
    double leave = 1.0;
    for (int axis = 0; axis < 3; ++axis) {
        const double low = -0.5;
        const double high = static_cast<double>(size[axis]) - 0.5;
        const double delta = to[axis] - from[axis];
        if (delta == 0.0) {
            if (from[axis] < low || from[axis] > high) {
                return false;
            }
            continue;
        }
        double tLow = (low - from[axis]) / delta;
        double tHigh = (high - from[axis]) / delta;
        if (tLow > tHigh) {
            std::swap(tLow, tHigh);
        }
        enter = std::max(enter, tLow);
        leave = std::min(leave, tHigh);
        if (enter > leave) {
            return false;
        }
    }
    const Vec3 start = from;
    for (int axis = 0; axis < 3; ++axis) {
        const double delta = to[axis] - start[axis];
        from[axis] = start[axis] + enter * delta;
        to[axis] = start[axis] + leave * delta;
    }
    return true;
}

int64_t clampIndex(double value, int64_t size) {
    return static_cast<int64_t>(std::clamp(value, 0.0, static_cast<double>(size - 1)));
}

}  // namespace

BrushStroke::BrushStroke(LabelMap& labels, const BrushSettings& settings)
    : labels_(labels), settings_(settings), builder_(labels.geometry) {
    if (settings_.dimension == EditDimension::Slice2D) {
        fixedAxis_ = fixedAxisOf(settings_.plane);
    }
}

VoxelBox BrushStroke::addPoint(const Vec3& voxelPoint) {
    VoxelBox changed;
    if (!isFinitePoint(voxelPoint)) {
        return changed;
    }
    Vec3 point = voxelPoint;
    if (fixedAxis_ >= 0) {
        if (!hasPoint_) {
            sliceIndex_ = static_cast<int64_t>(std::llround(std::clamp(
                point[fixedAxis_], -1.0, static_cast<double>(labels_.geometry.size[fixedAxis_]))));
        }
        point[fixedAxis_] = static_cast<double>(sliceIndex_);
    }
    const Vec3 from = hasPoint_ ? lastPoint_ : point;
    hasPoint_ = true;
    lastPoint_ = point;
    paintSweptBrush(from, point, changed);
    paintCentreLine(from, point, changed);
    region_.include(changed);
    return changed;
}

void BrushStroke::paintSweptBrush(const Vec3& from, const Vec3& to, VoxelBox& changed) {
    const ImageGeometry& geometry = labels_.geometry;
    const double radiusMm = std::max(settings_.radiusMm, 0.0);
    std::array<int64_t, 3> low{};
    std::array<int64_t, 3> high{};
    for (int axis = 0; axis < 3; ++axis) {
        // A 2D brush stays in its slice: no reach along the fixed axis.
        const double reach = axis == fixedAxis_ ? 0.0 : radiusMm / geometry.spacingMm[axis];
        const double lowIndex = std::ceil(std::min(from[axis], to[axis]) - reach);
        const double highIndex = std::floor(std::max(from[axis], to[axis]) + reach);
        if (highIndex < 0.0 || lowIndex > static_cast<double>(geometry.size[axis] - 1)) {
            return;
        }
        low[axis] = clampIndex(lowIndex, geometry.size[axis]);
        high[axis] = clampIndex(highIndex, geometry.size[axis]);
    }
    // The segment in mm, relative to its start; distances are measured in mm so anisotropic
    // spacing is honoured (the direction matrix is a rotation and changes no distance).
    Vec3 deltaMm{};
    double lengthSquared = 0.0;
    for (int axis = 0; axis < 3; ++axis) {
        deltaMm[axis] = (to[axis] - from[axis]) * geometry.spacingMm[axis];
        lengthSquared += deltaMm[axis] * deltaMm[axis];
    }
    const double radiusSquared = radiusMm * radiusMm * (1.0 + 1e-12);
    const Vec3& spacing = geometry.spacingMm;
    for (int64_t k = low[2]; k <= high[2]; ++k) {
        const double zMm = (static_cast<double>(k) - from[2]) * spacing[2];
        for (int64_t j = low[1]; j <= high[1]; ++j) {
            const double yMm = (static_cast<double>(j) - from[1]) * spacing[1];
            bool entered = false;
            for (int64_t i = low[0]; i <= high[0]; ++i) {
                const double xMm = (static_cast<double>(i) - from[0]) * spacing[0];
                double along = 0.0;
                if (lengthSquared > 0.0) {
                    along =
                        (xMm * deltaMm[0] + yMm * deltaMm[1] + zMm * deltaMm[2]) / lengthSquared;
                    along = std::clamp(along, 0.0, 1.0);
                }
                const double dx = xMm - along * deltaMm[0];
                const double dy = yMm - along * deltaMm[1];
                const double dz = zMm - along * deltaMm[2];
                if (dx * dx + dy * dy + dz * dz <= radiusSquared) {
                    entered = true;
                    paintVoxel(i, j, k, changed);
                } else if (entered) {
                    break;  // the swept shape is convex: a row leaves it once
                }
            }
        }
    }
}

void BrushStroke::paintCentreLine(const Vec3& from, const Vec3& to, VoxelBox& changed) {
    const ImageGeometry& geometry = labels_.geometry;
    Vec3 start = from;
    Vec3 end = to;
    if (!clipSegmentToVolume(geometry.size, start, end)) {
        return;
    }
    double longest = 0.0;
    for (int axis = 0; axis < 3; ++axis) {
        longest = std::max(longest, std::abs(end[axis] - start[axis]));
    }
    const int64_t steps = static_cast<int64_t>(std::ceil(longest));
    for (int64_t step = 0; step <= steps; ++step) {
        const double t = steps == 0 ? 0.0 : static_cast<double>(step) / static_cast<double>(steps);
        std::array<int64_t, 3> index{};
        for (int axis = 0; axis < 3; ++axis) {
            const double position = start[axis] + t * (end[axis] - start[axis]);
            index[axis] = clampIndex(std::round(position), geometry.size[axis]);
        }
        paintVoxel(index[0], index[1], index[2], changed);
    }
}

void BrushStroke::paintVoxel(int64_t i, int64_t j, int64_t k, VoxelBox& changed) {
    const size_t index = labels_.geometry.linearIndex(i, j, k);
    const uint16_t current = labels_.labels[index];
    const uint16_t written = settings_.valueWritten();
    if (current == written || !settings_.drawOver.allows(current)) {
        return;
    }
    builder_.record(index, current, written);
    labels_.labels[index] = written;
    changed.include(i, j, k);
}

}  // namespace segloop
