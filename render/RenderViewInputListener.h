#pragma once

class QKeyEvent;
class QMouseEvent;
class QWheelEvent;

namespace segloop::render {

/// Receives the mouse and key events of a RenderViewWidget that the ImGui overlay did not take
/// (the overlay takes them while the pointer is over one of its panels, or while it has the
/// keyboard focus). The ui layer implements painting, scrolling and panning on top of it.
/// Positions are the widget's logical pixels (QMouseEvent::position()). GUI thread only.
class RenderViewInputListener {
  public:
    virtual ~RenderViewInputListener() = default;
    virtual void mousePressed(QMouseEvent& /*event*/) {}
    virtual void mouseMoved(QMouseEvent& /*event*/) {}
    virtual void mouseReleased(QMouseEvent& /*event*/) {}
    virtual void wheelTurned(QWheelEvent& /*event*/) {}
    virtual void keyPressed(QKeyEvent& /*event*/) {}
    virtual void keyReleased(QKeyEvent& /*event*/) {}
    /// The pointer left the view (e.g. to hide a brush outline or the cursor read-out).
    virtual void pointerLeft() {}
};

}  // namespace segloop::render
