#pragma once

#include <functional>

#include <QSize>

class vtkRenderer;

namespace segloop::render {

class RenderViewInputListener;

/// The surface a view (SliceView, SurfaceView) draws on, as the view sees it: one VTK renderer
/// to fill, a way to ask for a frame, the surface's size, and the hooks a view sets. The render
/// layer knows only this; the Qt widget that implements it (ui/viewer/RenderViewWidget, a native
/// GL window inside a QWidget) lives in ui, so render links no Qt Widgets. One view per host: a
/// view sets the hooks in its constructor and clears them in its destructor. GUI thread only.
class RenderHost {
  public:
    virtual ~RenderHost() = default;

    virtual vtkRenderer* renderer() const = 0;
    /// Schedules a frame (nothing renders outside the host's paint).
    virtual void requestRender() = 0;
    /// Size of the render window in device pixels.
    virtual QSize framebufferSize() const = 0;
    /// Size in logical pixels (input positions are logical).
    virtual QSize viewSize() const = 0;
    /// Device pixels per logical pixel.
    virtual double pixelRatio() const = 0;

    /// ImGui calls that belong to the scene (e.g. the slice crosshair), drawn every frame before
    /// the overlay panels, also while the overlay is disabled; empty for none.
    virtual void setSceneDecorationDrawing(std::function<void()> draw) = 0;
    /// Called at each paint before VTK renders, with the size known (views set their cameras
    /// here); empty for none.
    virtual void setBeforeRender(std::function<void()> prepare) = 0;
    /// Not owned; nullptr for none. Receives the input the overlay does not take.
    virtual void setInputListener(RenderViewInputListener* listener) = 0;
    virtual RenderViewInputListener* inputListener() const = 0;
};

}  // namespace segloop::render
