#pragma once

#include <QOpenGLWindow>

namespace segloop::render {

class RenderViewWidget;

/// The native GL window inside a RenderViewWidget: it owns the GL context and the surface the
/// view presents to, and hands every GL callback (initializeGL, resizeGL, paintGL) and every
/// input event to its widget. A native child window swaps its own few pixels straight to the
/// screen; a QOpenGLWidget is instead composed with the whole top-level window on every frame,
/// which under software OpenGL cost about 10 ms a frame (bench/ui). GUI thread only.
class RenderSurfaceWindow : public QOpenGLWindow {
    Q_OBJECT

  public:
    explicit RenderSurfaceWindow(RenderViewWidget& owner);

    /// Paints and presents a frame as soon as the event loop is free; requests made before
    /// then share that frame. QWindow::update() would wait for Qt's update timer first (5 ms on
    /// X11 without frame sync), which users feel; before the first frame it is what is used.
    void paintSoon();

  protected:
    void initializeGL() override;
    void resizeGL(int width, int height) override;
    void paintGL() override;
    bool event(QEvent* event) override;

  private:
    RenderViewWidget& owner_;
    void paintNow();

    bool paintPosted_ = false;
};

}  // namespace segloop::render
