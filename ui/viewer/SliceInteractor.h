#pragma once

#include <QPointF>

#include "core/image/ImageGeometry.h"
#include "render/RenderViewInputListener.h"
#include "ui/viewer/WindowLevelDrag.h"

namespace segloop::render {
class SliceView;
}

namespace segloop::ui {

class CaseViewer;

/// The mouse and keys of one slice view, ITK-SNAP style: left button paints, erases or fills
/// with the active tool; in Navigate mode a left click moves the linked crosshair and a left
/// drag (past WindowLevelDrag::kThresholdPixels) changes the shared window/level as in 3D
/// Slicer; with Shift a left press or drag moves the crosshair with any tool. Middle drag pans,
/// right drag zooms, the wheel and the arrows / PageUp / PageDown scroll slices, Ctrl+wheel
/// zooms at the pointer. Edits and window/level go through the CaseViewer. GUI thread only.
class SliceInteractor : public render::RenderViewInputListener {
  public:
    SliceInteractor(CaseViewer& viewer, render::SliceView& slice);

    void mousePressed(QMouseEvent& event) override;
    void mouseMoved(QMouseEvent& event) override;
    void mouseReleased(QMouseEvent& event) override;
    void wheelTurned(QWheelEvent& event) override;
    void keyPressed(QKeyEvent& event) override;
    void pointerLeft() override;

  private:
    /// Navigate: a Navigate-mode left press, a click or a window/level drag (windowLevel_).
    enum class Drag { None, Paint, Crosshair, Navigate, Pan, Zoom };

    CaseViewer& viewer_;
    render::SliceView& slice_;
    Drag drag_ = Drag::None;
    QPointF lastPointer_;
    WindowLevelDrag windowLevel_;
};

}  // namespace segloop::ui
