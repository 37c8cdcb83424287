#pragma once

#include <QElapsedTimer>
#include <QSize>

class QKeyEvent;
class QMouseEvent;
class QWheelEvent;
struct ImGuiContext;

namespace segloop::render {

/// The Qt platform layer of one Dear ImGui context (ImGui 1.86 ships none): display size and
/// framebuffer scale, frame time, mouse position, buttons and wheel, keys and text, with the
/// OpenGL3 renderer backend on top.
///
/// Owns its ImGui context, so several views can each draw their own overlay. GUI thread only.
/// initializeGl(), the frame calls and shutdownGl() need the view's GL context current.
class ImGuiQtBridge {
  public:
    ImGuiQtBridge();
    ~ImGuiQtBridge();
    ImGuiQtBridge(const ImGuiQtBridge&) = delete;
    ImGuiQtBridge& operator=(const ImGuiQtBridge&) = delete;

    /// Creates the renderer backend's GL objects (GLSL 150, OpenGL 3.2 core).
    void initializeGl();
    /// Releases the GL objects; safe to call twice.
    void shutdownGl();
    bool glInitialized() const { return glInitialized_; }

    /// Starts a frame: makes this context current and feeds size, scale and time.
    void beginFrame(QSize logicalSize, double devicePixelRatio);
    /// Ends the frame (builds its draw lists).
    void endFrame();
    /// True when a panel that just appeared is still hidden while ImGui sizes it (ImGui hides
    /// new auto-sized windows for a frame): run the frame once more before drawing it.
    bool layoutPending() const;
    /// Draws the last ended frame into the currently bound framebuffer.
    void renderDrawData();

    /// Feed input; each returns true when ImGui wants that event for itself (the pointer is
    /// over a panel, or a panel has the keyboard), judged by the last frame.
    bool mouseMoved(const QMouseEvent& event);
    bool mouseButton(const QMouseEvent& event, bool pressed);
    bool wheelTurned(const QWheelEvent& event);
    bool key(const QKeyEvent& event, bool pressed);
    /// The pointer left the view: no hover position any more.
    void pointerLeft();

    bool wantsMouse() const;
    bool wantsKeyboard() const;

    ImGuiContext* context() const { return context_; }

  private:
    void makeCurrent() const;

    ImGuiContext* context_ = nullptr;
    bool glInitialized_ = false;
    QElapsedTimer frameClock_;
};

}  // namespace segloop::render
