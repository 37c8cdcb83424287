#include "render/SliceFrame.h"

#include <cmath>

namespace segloop::render {

namespace {

/// Column `axis` of the direction matrix: the world (LPS) vector along that index axis.
Vec3 directionColumn(const ImageGeometry& geometry, int axis) {
    const auto& d = geometry.direction;
    return {d[0 * 3 + axis], d[1 * 3 + axis], d[2 * 3 + axis]};
}

double dot(const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

Vec3 unit(int axis, double sign) {
    Vec3 vector{0.0, 0.0, 0.0};
    vector[axis] = sign;
    return vector;
}

Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

struct ScreenAxes {
    int normalWorldAxis;
    Vec3 rightWorld;  // LPS
    Vec3 upWorld;
};

ScreenAxes screenAxesFor(SliceOrientation orientation) {
    switch (orientation) {
        case SliceOrientation::Axial:
            return {2, {1, 0, 0}, {0, -1, 0}};
        case SliceOrientation::Coronal:
            return {1, {1, 0, 0}, {0, 0, 1}};
        case SliceOrientation::Sagittal:
            return {0, {0, 1, 0}, {0, 0, 1}};
    }
    return {2, {1, 0, 0}, {0, -1, 0}};
}

double signOf(double value) {
    return value < 0.0 ? -1.0 : 1.0;
}

}  // namespace

Vec3 SliceFrame::rightVector() const {
    return unit(horizontalAxis, horizontalSign);
}

Vec3 SliceFrame::upVector() const {
    return unit(verticalAxis, verticalSign);
}

Vec3 SliceFrame::viewDirection() const {
    return cross(upVector(), rightVector());
}

SliceFrame sliceFrameFor(SliceOrientation orientation, const ImageGeometry& geometry) {
    const ScreenAxes screen = screenAxesFor(orientation);
    SliceFrame frame;
    double best = -1.0;
    for (int axis = 0; axis < 3; ++axis) {
        const double alignment =
            std::abs(directionColumn(geometry, axis)[static_cast<size_t>(screen.normalWorldAxis)]);
        if (alignment > best) {
            best = alignment;
            frame.sliceAxis = axis;
        }
    }
    const int first = (frame.sliceAxis + 1) % 3;
    const int second = (frame.sliceAxis + 2) % 3;
    const double firstRight = dot(directionColumn(geometry, first), screen.rightWorld);
    const double secondRight = dot(directionColumn(geometry, second), screen.rightWorld);
    frame.horizontalAxis = std::abs(firstRight) >= std::abs(secondRight) ? first : second;
    frame.verticalAxis = frame.horizontalAxis == first ? second : first;
    frame.horizontalSign =
        signOf(dot(directionColumn(geometry, frame.horizontalAxis), screen.rightWorld));
    frame.verticalSign = signOf(dot(directionColumn(geometry, frame.verticalAxis), screen.upWorld));
    return frame;
}

}  // namespace segloop::render
