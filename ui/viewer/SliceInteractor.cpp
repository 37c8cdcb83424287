#include "ui/viewer/SliceInteractor.h"

#include <cmath>

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include "render/SliceView.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/RenderViewWidget.h"

namespace segloop::ui {

SliceInteractor::SliceInteractor(CaseViewer& viewer, render::SliceView& slice)
    : viewer_(viewer), slice_(slice) {}

void SliceInteractor::mousePressed(QMouseEvent& event) {
    if (slice_.volume() == nullptr)
        return;
    lastPointer_ = event.position();
    if (event.button() == Qt::MiddleButton) {
        drag_ = Drag::Pan;
    } else if (event.button() == Qt::RightButton) {
        drag_ = Drag::Zoom;
    } else if (event.button() == Qt::LeftButton) {
        if (event.modifiers() & Qt::ShiftModifier) {
            drag_ = Drag::Crosshair;
            viewer_.moveCrosshairTo(slice_.pick(event.position()).continuousIndex);
        } else if (viewer_.tools().tool == EditTool::Navigate) {
            drag_ = Drag::Navigate;  // a click or a window/level drag: the release or a move tells
            windowLevel_.press(event.position(), viewer_.windowLevel(), viewer_.intensityRange(),
                               QSizeF(slice_.host().viewSize()));
        } else {
            drag_ = Drag::Paint;
            viewer_.beginEdit(slice_, slice_.pick(event.position()));
        }
    }
    event.accept();
}

void SliceInteractor::mouseMoved(QMouseEvent& event) {
    if (slice_.volume() == nullptr)
        return;
    const QPointF delta = event.position() - lastPointer_;
    lastPointer_ = event.position();
    const render::SlicePick pick = slice_.pick(event.position());
    viewer_.showCursor(slice_, pick);
    switch (drag_) {
        case Drag::Paint:
            viewer_.continueEdit(pick);
            break;
        case Drag::Crosshair:
            viewer_.moveCrosshairTo(pick.continuousIndex);
            break;
        case Drag::Navigate:
            if (windowLevel_.move(event.position()))
                viewer_.setWindowLevel(windowLevel_.windowLevel());
            break;
        case Drag::Pan:
            slice_.panByPixels(delta);
            break;
        case Drag::Zoom:
            slice_.zoomAt(event.position(), std::exp(-delta.y() * 0.01));
            break;
        case Drag::None:
            break;
    }
}

void SliceInteractor::mouseReleased(QMouseEvent& event) {
    if (drag_ == Drag::Paint)
        viewer_.finishEdit();
    if (drag_ == Drag::Navigate && !windowLevel_.dragging())  // a click: the crosshair goes there
        viewer_.moveCrosshairTo(slice_.pick(windowLevel_.pressPosition()).continuousIndex);
    drag_ = Drag::None;
    event.accept();
}

void SliceInteractor::wheelTurned(QWheelEvent& event) {
    if (slice_.volume() == nullptr)
        return;
    const int steps = event.angleDelta().y() / 120;
    if (event.modifiers() & Qt::ControlModifier) {
        slice_.zoomAt(event.position(), std::pow(1.15, event.angleDelta().y() / 120.0));
    } else if (steps != 0) {
        viewer_.scrollSlices(slice_, steps);
    }
    event.accept();
}

void SliceInteractor::keyPressed(QKeyEvent& event) {
    switch (event.key()) {
        case Qt::Key_Up:
        case Qt::Key_Right:
            viewer_.scrollSlices(slice_, 1);
            break;
        case Qt::Key_Down:
        case Qt::Key_Left:
            viewer_.scrollSlices(slice_, -1);
            break;
        case Qt::Key_PageUp:
            viewer_.scrollSlices(slice_, 5);
            break;
        case Qt::Key_PageDown:
            viewer_.scrollSlices(slice_, -5);
            break;
        case Qt::Key_Home:
            slice_.resetView();
            break;
        default:
            event.ignore();
            return;
    }
    event.accept();
}

void SliceInteractor::pointerLeft() {
    viewer_.showCursor(slice_, render::SlicePick{});
}

}  // namespace segloop::ui
