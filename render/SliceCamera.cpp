#include "render/SliceCamera.h"

#include <algorithm>

#include <vtkCamera.h>

namespace segloop::render {

namespace {

/// Share of the view the slice fills at zoom 1 (a thin margin around it).
constexpr double kFitMargin = 1.02;

Vec3 add(const Vec3& a, const Vec3& b, double scale) {
    return {a[0] + b[0] * scale, a[1] + b[1] * scale, a[2] + b[2] * scale};
}

double dot(const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

}  // namespace

void SliceCamera::setGrid(const std::array<int64_t, 3>& size, const Vec3& spacingMm,
                          const SliceFrame& frame) {
    size_ = size;
    spacingMm_ = spacingMm;
    frame_ = frame;
}

void SliceCamera::setViewportPixels(QSize devicePixels, double devicePixelRatio) {
    viewportPixels_ = QSize(std::max(1, devicePixels.width()), std::max(1, devicePixels.height()));
    devicePixelRatio_ = devicePixelRatio > 0.0 ? devicePixelRatio : 1.0;
}

void SliceCamera::setZoom(double zoom) {
    zoom_ = std::clamp(zoom, 0.05, 100.0);
}

void SliceCamera::setPanMm(double rightMm, double upMm) {
    panRightMm_ = rightMm;
    panUpMm_ = upMm;
}

void SliceCamera::reset() {
    zoom_ = 1.0;
    panRightMm_ = 0.0;
    panUpMm_ = 0.0;
}

double SliceCamera::parallelScale() const {
    const auto extent = [this](int axis) {
        return static_cast<double>(size_[static_cast<size_t>(axis)]) *
               spacingMm_[static_cast<size_t>(axis)];
    };
    const double aspect = static_cast<double>(viewportPixels_.width()) /
                          static_cast<double>(viewportPixels_.height());
    const double halfHeight =
        std::max(extent(frame_.verticalAxis) / 2.0, extent(frame_.horizontalAxis) / 2.0 / aspect);
    return halfHeight * kFitMargin / zoom_;
}

double SliceCamera::mmPerLogicalPixel() const {
    return 2.0 * parallelScale() / static_cast<double>(viewportPixels_.height()) *
           devicePixelRatio_;
}

Vec3 SliceCamera::focalPoint() const {
    // The centre of the slice: voxel centres run from 0 to (n - 1) * spacing along each axis.
    Vec3 centre{};
    for (size_t axis = 0; axis < 3; ++axis) {
        centre[axis] = static_cast<double>(size_[axis] - 1) * spacingMm_[axis] / 2.0;
    }
    centre[static_cast<size_t>(frame_.sliceAxis)] =
        sliceIndex_ * spacingMm_[static_cast<size_t>(frame_.sliceAxis)];
    // Panning moves the image with the pointer, so the focal point moves the other way.
    centre = add(centre, frame_.rightVector(), -panRightMm_);
    return add(centre, frame_.upVector(), -panUpMm_);
}

void SliceCamera::panByPixels(QPointF deltaLogical) {
    const double scale = mmPerLogicalPixel();
    panRightMm_ += deltaLogical.x() * scale;
    panUpMm_ -= deltaLogical.y() * scale;  // widget y grows downwards
}

void SliceCamera::zoomAt(QPointF widgetPosition, double factor) {
    const Vec3 before = gridPointAt(widgetPosition);
    setZoom(zoom_ * factor);
    const Vec3 after = gridPointAt(widgetPosition);
    // Shift the image so that the point that was under the pointer is there again.
    panRightMm_ += dot(add(after, before, -1.0), frame_.rightVector());
    panUpMm_ += dot(add(after, before, -1.0), frame_.upVector());
}

Vec3 SliceCamera::gridPointAt(QPointF widgetPosition) const {
    const double scale = mmPerLogicalPixel();
    const double logicalWidth = viewportPixels_.width() / devicePixelRatio_;
    const double logicalHeight = viewportPixels_.height() / devicePixelRatio_;
    const double rightMm = (widgetPosition.x() - logicalWidth / 2.0) * scale;
    const double upMm = (logicalHeight / 2.0 - widgetPosition.y()) * scale;
    const Vec3 point =
        add(add(focalPoint(), frame_.rightVector(), rightMm), frame_.upVector(), upMm);
    return point;
}

QPointF SliceCamera::widgetPositionOf(const Vec3& gridPoint) const {
    const double scale = mmPerLogicalPixel();
    const Vec3 offset = add(gridPoint, focalPoint(), -1.0);
    const double logicalWidth = viewportPixels_.width() / devicePixelRatio_;
    const double logicalHeight = viewportPixels_.height() / devicePixelRatio_;
    return {logicalWidth / 2.0 + dot(offset, frame_.rightVector()) / scale,
            logicalHeight / 2.0 - dot(offset, frame_.upVector()) / scale};
}

void SliceCamera::applyTo(vtkCamera& camera) const {
    const Vec3 focal = focalPoint();
    const Vec3 view = frame_.viewDirection();
    double depth = 0.0;
    for (size_t axis = 0; axis < 3; ++axis) {
        depth = std::max(depth, static_cast<double>(size_[axis]) * spacingMm_[axis]);
    }
    const Vec3 position = add(focal, view, -(depth + 100.0));
    const Vec3 up = frame_.upVector();
    camera.ParallelProjectionOn();
    camera.SetFocalPoint(focal[0], focal[1], focal[2]);
    camera.SetPosition(position[0], position[1], position[2]);
    camera.SetViewUp(up[0], up[1], up[2]);
    camera.SetParallelScale(parallelScale());
    camera.SetClippingRange(1.0, 2.0 * (depth + 100.0));
}

}  // namespace segloop::render
