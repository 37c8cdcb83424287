#pragma once

#include <QPointF>
#include <QSizeF>

#include "render/WindowLevel.h"

namespace segloop::ui {

/// The lowest and highest intensity of an image, in its units (HU for CT): what a window/level
/// drag is scaled by.
struct IntensityRange {
    double lowest = 0.0;
    double highest = 1.0;

    double span() const { return highest - lowest; }
};

/// The window/level after the pointer moved `delta` (logical pixels, Qt's y down) since a press
/// that saw `atPress`, as in 3D Slicer's default mode: moving right widens the window (less
/// contrast), moving up raises the level (a darker image). Each pixel changes them by the
/// image's intensity span over the view's smaller side, so a drag across the view spans the
/// whole range. The window stays above a thousandth of the span; the level stays within
/// half a window of the range.
render::WindowLevel draggedWindowLevel(const render::WindowLevel& atPress, QPointF delta,
                                       const IntensityRange& range, QSizeF viewSize);

/// A left press in a slice view that stays a click until the pointer goes more than
/// kThresholdPixels away from where it was pressed, and is a window/level drag from then on
/// (draggedWindowLevel from the press). A plain value; GUI thread only.
class WindowLevelDrag {
  public:
    /// How far (logical pixels, either axis) the pointer moves before a press becomes a drag.
    static constexpr double kThresholdPixels = 3.0;

    /// A press at `position` while `shown` is the window/level of an image of `range`, in a
    /// view of `viewSize` logical pixels.
    void press(QPointF position, const render::WindowLevel& shown, const IntensityRange& range,
               QSizeF viewSize);
    /// The pointer moved to `position`: true when the press is (now) a drag.
    bool move(QPointF position);
    /// Whether the pointer has gone past the threshold since the press.
    bool dragging() const { return dragging_; }
    /// Where the press was.
    QPointF pressPosition() const { return pressPosition_; }
    /// The window/level for the pointer's last position (the one at the press while a click).
    render::WindowLevel windowLevel() const;

  private:
    QPointF pressPosition_;
    QPointF lastPosition_;
    render::WindowLevel atPress_;
    IntensityRange range_;
    QSizeF viewSize_;
    bool dragging_ = false;
};

}  // namespace segloop::ui
