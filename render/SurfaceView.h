#pragma once

#include <vector>

#include <QPointF>

#include <vtkSmartPointer.h>

#include "render/OverlayColours.h"
#include "render/RenderViewInputListener.h"
#include "render/SurfaceMesh.h"

class vtkActor;
class vtkPolyData;

namespace segloop {
struct LabelMap;
}

namespace segloop::render {

class RenderHost;

/// The 3D view of a label map: one surface per class (discrete flying edges, lightly
/// smoothed), coloured per class, placed in patient space (LPS mm) through the image's
/// index-to-world affine. Rotate and zoom by code, or by the mouse once installed as the
/// host's input listener (left drag rotates, wheel zooms).
///
/// setLabelMap() builds the surfaces at once and keeps only them (the label map may go away
/// afterwards); call it again after edits, or build a SurfaceMesh on another thread
/// (buildSurfaceMesh) and show it with setMesh(). GUI thread only.
class SurfaceView : public RenderViewInputListener {
  public:
    explicit SurfaceView(RenderHost& host);
    ~SurfaceView() override;
    SurfaceView(const SurfaceView&) = delete;
    SurfaceView& operator=(const SurfaceView&) = delete;

    /// Builds the surfaces of every class present. Colours are for classes 1..n; the default
    /// palette fills in. Resets the camera (front view) on the first map.
    void setLabelMap(const LabelMap& labels, const std::vector<Rgb>& classColours = {});
    /// Shows surfaces built by buildSurfaceMesh (an empty mesh clears the view).
    void setMesh(const SurfaceMesh& mesh, const std::vector<Rgb>& classColours = {});
    void clear();
    /// Triangles of all class surfaces together (0 when empty).
    long long triangleCount() const;
    /// Windowed-sinc smoothing passes (0: the raw voxel surface). Applies at the next build.
    void setSmoothingIterations(int iterations) { smoothingIterations_ = iterations; }
    int smoothingIterations() const { return smoothingIterations_; }
    void setOpacity(double opacity);

    /// Turns the camera about the focal point (degrees).
    void rotate(double azimuthDegrees, double elevationDegrees);
    /// factor > 1 moves closer.
    void zoom(double factor);
    /// Looks at the patient from the front (anterior), head up, the whole surface in view.
    void resetCamera();

    /// Makes this view the host's input listener (left drag rotates, wheel zooms).
    void installAsInputListener();

    void mousePressed(QMouseEvent& event) override;
    void mouseMoved(QMouseEvent& event) override;
    void mouseReleased(QMouseEvent& event) override;
    void wheelTurned(QWheelEvent& event) override;

  private:
    RenderHost& host_;
    vtkSmartPointer<vtkPolyData> surface_;
    vtkSmartPointer<vtkActor> actor_;
    int smoothingIterations_ = 15;
    bool hasShown_ = false;
    bool rotating_ = false;
    QPointF lastPointer_;
};

}  // namespace segloop::render
