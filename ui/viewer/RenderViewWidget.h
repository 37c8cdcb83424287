#pragma once

#include <functional>
#include <memory>

#include <QImage>
#include <QWidget>

#include <vtkSmartPointer.h>

#include "render/ImGuiQtBridge.h"
#include "render/OverlayPanels.h"
#include "render/RenderHost.h"

class QOpenGLContext;
class QWindow;
class QSurfaceFormat;
class vtkGenericOpenGLRenderWindow;
class vtkRenderer;

namespace segloop::render {

class RenderViewInputListener;
class RenderSurfaceWindow;

/// The bridge between Qt 6 and VTK: a widget whose native child window (RenderSurfaceWindow, a
/// QOpenGLWindow) hosts a vtkGenericOpenGLRenderWindow in its own GL context (VTK's Qt widgets
/// are Qt 5, so they are not used) and draws the Dear ImGui overlay (OverlayPanels plus any
/// extra ImGui calls) after VTK, in the same frame. The window presents its frame itself, so a
/// repaint costs this view's pixels only, not a composition of the whole top-level window.
///
/// Input (the window's, forwarded, or sent to the widget directly) goes to the overlay first
/// while it wants it, otherwise to the listener the ui sets. Scene changes call
/// requestRender(); nothing renders outside paintGL. Owns the render window and one renderer
/// (the scene a SliceView or SurfaceView fills). The render layer's views see it as their
/// RenderHost; it lives in ui (namespace render, as the views it hosts) because it is a widget.
/// GUI thread only.
///
/// A paint whose VTK scene did not change since the last one (no renderer, camera, prop,
/// mapper input, lookup table or window size modified: VTK's modification times) does not
/// render VTK again: it copies VTK's last image and draws the overlay on it. Under software
/// OpenGL that makes an overlay-only repaint (HUD, crosshair, brush outline) about ten times
/// cheaper. markSceneChanged() forces the next paint to render.
class RenderViewWidget : public QWidget, public RenderHost {
    Q_OBJECT

  public:
    explicit RenderViewWidget(QWidget* parent = nullptr);
    ~RenderViewWidget() override;

    /// The surface format VTK and the overlay need (OpenGL 3.2 core, depth and stencil):
    /// pass it to QSurfaceFormat::setDefaultFormat before the QApplication is created.
    static QSurfaceFormat requiredSurfaceFormat();

    vtkRenderer* renderer() const override;
    vtkGenericOpenGLRenderWindow* renderWindow() const;

    /// Not owned; nullptr for none. Receives the input the overlay does not take.
    void setInputListener(RenderViewInputListener* listener) override { listener_ = listener; }
    RenderViewInputListener* inputListener() const override { return listener_; }

    /// The HUD and training monitor; change them, then call requestRender().
    OverlayPanels& overlayPanels() { return overlayPanels_; }
    /// Shows or hides the whole ImGui overlay (panels and extra drawing).
    void setOverlayEnabled(bool enabled);
    bool overlayEnabled() const { return overlayEnabled_; }
    /// More ImGui calls drawn after the panels each frame (e.g. a brush outline); may be empty.
    void setExtraOverlayDrawing(std::function<void()> draw) { extraOverlay_ = std::move(draw); }
    /// ImGui calls that belong to the scene rather than the overlay (e.g. the slice crosshair):
    /// drawn every frame before the panels, also while the overlay is disabled; may be empty.
    void setSceneDecorationDrawing(std::function<void()> draw) override;
    void setBeforeRender(std::function<void()> prepare) override {
        beforeRender_ = std::move(prepare);
    }

    /// Schedules a repaint of the view (QWidget::update() repaints only the widget around it).
    void requestRender() override;
    /// Paints a frame now, without presenting it, and returns its pixels (device pixels,
    /// RGB32); a null image while the window has no GL context yet.
    QImage grabFramebuffer();
    /// The view's GL context (nullptr before the window is first shown); make it current with
    /// makeCurrent() to query or release GL objects outside paintGL.
    QOpenGLContext* context() const;
    void makeCurrent();
    void doneCurrent();
    /// The native window the view draws into and the windowing system sends input to.
    QWindow* nativeWindow() const;
    /// Wall time of the last paintGL (VTK and overlay), in milliseconds.
    double lastFrameMs() const { return lastFrameMs_; }
    /// The next paint renders the VTK scene even if no VTK modification time changed.
    void markSceneChanged();
    /// paintGL calls that rendered the VTK scene, and those that reused its last image.
    long long sceneRenderCount() const { return sceneRenders_; }
    long long sceneReuseCount() const { return sceneReuses_; }
    /// Size of the render window in device pixels.
    QSize framebufferSize() const override;
    QSize viewSize() const override { return size(); }
    double pixelRatio() const override { return devicePixelRatioF(); }

  Q_SIGNALS:
    /// Emitted in paintGL before VTK renders, with the size already known: views set their
    /// cameras here.
    void aboutToRender();
    /// requestRender() was called (a frame will follow).
    void renderRequested();
    /// The window presented a frame (after paintGL, the buffers swapped).
    void frameSwapped();

  protected:
    friend class RenderSurfaceWindow;
    /// The window's GL callbacks, with its context current.
    void initializeSurface();
    void resizeSurface();
    void paintSurface();

    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;

  private:
    void connectRenderWindowEvents();
    void releaseGraphics();
    void drawOverlay();
    void renderOrReuseScene();
    unsigned long long sceneModifiedTime() const;

    RenderSurfaceWindow* surface_ = nullptr;  ///< owned by its container, a child widget
    vtkSmartPointer<vtkGenericOpenGLRenderWindow> renderWindow_;
    vtkSmartPointer<vtkRenderer> renderer_;
    ImGuiQtBridge imgui_;
    OverlayPanels overlayPanels_;
    std::function<void()> extraOverlay_;
    std::function<void()> sceneDecoration_;
    std::function<void()> beforeRender_;
    RenderViewInputListener* listener_ = nullptr;
    bool overlayEnabled_ = true;
    bool graphicsReleased_ = false;
    double lastFrameMs_ = 0.0;
    bool sceneImageValid_ = false;  ///< VTK's display framebuffer holds the scene as it is
    unsigned long long renderedSceneTime_ = 0;
    long long sceneRenders_ = 0;
    long long sceneReuses_ = 0;
};

}  // namespace segloop::render
