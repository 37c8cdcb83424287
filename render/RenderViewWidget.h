#pragma once

#include <functional>
#include <memory>

#include <QOpenGLWidget>

#include <vtkSmartPointer.h>

#include "render/ImGuiQtBridge.h"
#include "render/OverlayPanels.h"

class QSurfaceFormat;
class vtkGenericOpenGLRenderWindow;
class vtkRenderer;

namespace segloop::render {

class RenderViewInputListener;

/// The bridge between Qt 6 and VTK: a QOpenGLWidget that hosts a vtkGenericOpenGLRenderWindow
/// in its own GL context (VTK's Qt widgets are Qt 5, so they are not used) and draws the Dear
/// ImGui overlay (OverlayPanels plus any extra ImGui calls) after VTK, in the same frame.
///
/// Input goes to the overlay first while it wants it, otherwise to the listener the ui sets.
/// Scene changes call update() (or requestRender()); nothing renders outside paintGL. Owns the
/// render window and one renderer (the scene a SliceView or SurfaceView fills). The only Qt
/// widget of the render layer. GUI thread only.
class RenderViewWidget : public QOpenGLWidget {
    Q_OBJECT

public:
    explicit RenderViewWidget(QWidget* parent = nullptr);
    ~RenderViewWidget() override;

    /// The surface format VTK and the overlay need (OpenGL 3.2 core, depth and stencil):
    /// pass it to QSurfaceFormat::setDefaultFormat before the QApplication is created.
    static QSurfaceFormat requiredSurfaceFormat();

    vtkRenderer* renderer() const;
    vtkGenericOpenGLRenderWindow* renderWindow() const;

    /// Not owned; nullptr for none. Receives the input the overlay does not take.
    void setInputListener(RenderViewInputListener* listener) { listener_ = listener; }
    RenderViewInputListener* inputListener() const { return listener_; }

    /// The HUD and training monitor; change them, then call update().
    OverlayPanels& overlayPanels() { return overlayPanels_; }
    /// Shows or hides the whole ImGui overlay (panels and extra drawing).
    void setOverlayEnabled(bool enabled);
    bool overlayEnabled() const { return overlayEnabled_; }
    /// More ImGui calls drawn after the panels each frame (e.g. a brush outline); may be empty.
    void setExtraOverlayDrawing(std::function<void()> draw) { extraOverlay_ = std::move(draw); }

    /// Schedules a repaint (the same as update(); named for callers outside Qt's vocabulary).
    void requestRender() { update(); }
    /// Wall time of the last paintGL (VTK and overlay), in milliseconds.
    double lastFrameMs() const { return lastFrameMs_; }
    /// Size of the render window in device pixels.
    QSize framebufferSize() const;

Q_SIGNALS:
    /// Emitted in paintGL before VTK renders, with the size already known: views set their
    /// cameras here.
    void aboutToRender();

protected:
    void initializeGL() override;
    void resizeGL(int width, int height) override;
    void paintGL() override;

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

    vtkSmartPointer<vtkGenericOpenGLRenderWindow> renderWindow_;
    vtkSmartPointer<vtkRenderer> renderer_;
    ImGuiQtBridge imgui_;
    OverlayPanels overlayPanels_;
    std::function<void()> extraOverlay_;
    RenderViewInputListener* listener_ = nullptr;
    bool overlayEnabled_ = true;
    bool graphicsReleased_ = false;
    double lastFrameMs_ = 0.0;
};

}  // namespace segloop::render
