#pragma once

#include <array>
#include <cstdint>

#include <QPointF>
#include <QSize>

#include "core/image/ImageGeometry.h"
#include "render/SliceFrame.h"

class vtkCamera;

namespace segloop::render {

/// The parallel-projection camera of a slice view, and the exact mapping between widget pixels
/// and points of the slice plane that picking relies on.
///
/// Points are in grid space: index * spacing (mm along the voxel grid's axes, voxel (0,0,0) at
/// the origin), which is where the VTK slice layers live. Zoom 1 fits the whole slice into the
/// view; pan moves the slice centre by millimetres along the screen's right and up. A value.
class SliceCamera {
  public:
    void setGrid(const std::array<int64_t, 3>& size, const Vec3& spacingMm,
                 const SliceFrame& frame);
    void setSliceIndex(int index) { sliceIndex_ = index; }
    void setViewportPixels(QSize devicePixels, double devicePixelRatio);

    void setZoom(double zoom);
    double zoom() const { return zoom_; }
    void setPanMm(double rightMm, double upMm);
    double panRightMm() const { return panRightMm_; }
    double panUpMm() const { return panUpMm_; }
    void reset();

    /// Moves the view by a pointer drag of `deltaLogical` widget pixels (the image follows).
    void panByPixels(QPointF deltaLogical);
    /// Zooms by `factor`, keeping the slice point under `widgetPosition` where it is.
    void zoomAt(QPointF widgetPosition, double factor);

    /// Half the viewport height in mm (VTK's parallel scale).
    double parallelScale() const;
    /// Millimetres per logical widget pixel.
    double mmPerLogicalPixel() const;
    Vec3 focalPoint() const;

    /// The slice-plane point under a widget position (logical pixels, as QMouseEvent gives).
    Vec3 gridPointAt(QPointF widgetPosition) const;
    /// The widget position (logical pixels) of a grid point, projected onto the slice plane.
    QPointF widgetPositionOf(const Vec3& gridPoint) const;

    void applyTo(vtkCamera& camera) const;

  private:
    std::array<int64_t, 3> size_{1, 1, 1};
    Vec3 spacingMm_{1.0, 1.0, 1.0};
    SliceFrame frame_;
    int sliceIndex_ = 0;
    QSize viewportPixels_{1, 1};
    double devicePixelRatio_ = 1.0;
    double zoom_ = 1.0;
    double panRightMm_ = 0.0;
    double panUpMm_ = 0.0;
};

}  // namespace segloop::render
