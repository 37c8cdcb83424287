#include "ui/viewer/WindowLevelDrag.h"

#include <algorithm>
#include <cmath>

namespace segloop::ui {

render::WindowLevel draggedWindowLevel(const render::WindowLevel& atPress, QPointF delta,
                                       const IntensityRange& range, QSizeF viewSize) {
    const double span = range.span() > 0.0 ? range.span() : 1.0;
    const double pixels = std::max(1.0, std::min(viewSize.width(), viewSize.height()));
    const double gain = span / pixels;
    render::WindowLevel dragged;
    dragged.window = std::max(span * 1e-3, atPress.window + gain * delta.x());
    dragged.level =
        std::clamp(atPress.level - gain * delta.y(), range.lowest - dragged.window / 2.0,
                   range.highest + dragged.window / 2.0);
    return dragged;
}

void WindowLevelDrag::press(QPointF position, const render::WindowLevel& shown,
                            const IntensityRange& range, QSizeF viewSize) {
    pressPosition_ = position;
    lastPosition_ = position;
    atPress_ = shown;
    range_ = range;
    viewSize_ = viewSize;
    dragging_ = false;
}

bool WindowLevelDrag::move(QPointF position) {
    lastPosition_ = position;
    const QPointF moved = position - pressPosition_;
    if (std::abs(moved.x()) > kThresholdPixels || std::abs(moved.y()) > kThresholdPixels)
        dragging_ = true;
    return dragging_;
}

render::WindowLevel WindowLevelDrag::windowLevel() const {
    if (!dragging_)
        return atPress_;
    return draggedWindowLevel(atPress_, lastPosition_ - pressPosition_, range_, viewSize_);
}

}  // namespace segloop::ui
