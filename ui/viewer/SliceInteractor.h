#pragma once

#include <QPointF>

#include "core/image/ImageGeometry.h"
#include "render/RenderViewInputListener.h"

namespace segloop::render {
class SliceView;
}

namespace segloop::ui {

class CaseViewer;

/// The mouse and keys of one slice view, ITK-SNAP style: left button paints, erases or fills
/// with the active tool (in Navigate mode, or with Shift, it moves the linked crosshair), middle
/// drag pans, right drag zooms, the wheel and the arrows / PageUp / PageDown scroll slices,
/// Ctrl+wheel zooms at the pointer. Edits go through the CaseViewer. GUI thread only.
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
    enum class Drag { None, Paint, Crosshair, Pan, Zoom };

    CaseViewer& viewer_;
    render::SliceView& slice_;
    Drag drag_ = Drag::None;
    QPointF lastPointer_;
};

}  // namespace segloop::ui
