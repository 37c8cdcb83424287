// The window/level a left drag gives (WindowLevelDrag): direction, scale, limits, threshold.
#include <gtest/gtest.h>

#include "ui/viewer/WindowLevelDrag.h"

namespace segloop::ui {
namespace {

const IntensityRange kRange{-1000.0, 3000.0};  // span 4000
const QSizeF kView(400.0, 200.0);              // 4000 / 200 = 20 per pixel

TEST(WindowLevelDrag, RightWidensTheWindowUpRaisesTheLevelScaledByTheSpanOverTheView) {
    const render::WindowLevel dragged =
        draggedWindowLevel({400.0, 40.0}, QPointF(10.0, -5.0), kRange, kView);
    EXPECT_DOUBLE_EQ(dragged.window, 600.0);
    EXPECT_DOUBLE_EQ(dragged.level, 140.0);
    const render::WindowLevel back =
        draggedWindowLevel({400.0, 40.0}, QPointF(-10.0, 5.0), kRange, kView);
    EXPECT_DOUBLE_EQ(back.window, 200.0);
    EXPECT_DOUBLE_EQ(back.level, -60.0);
}

TEST(WindowLevelDrag, TheWindowStaysPositiveAndTheLevelNearTheRange) {
    const render::WindowLevel narrow =
        draggedWindowLevel({400.0, 40.0}, QPointF(-1000.0, 0.0), kRange, kView);
    EXPECT_DOUBLE_EQ(narrow.window, 4.0);  // a thousandth of the span
    const render::WindowLevel high =
        draggedWindowLevel({400.0, 40.0}, QPointF(0.0, -1000.0), kRange, kView);
    EXPECT_DOUBLE_EQ(high.level, 3200.0);  // the top of the range plus half the window
    const render::WindowLevel low =
        draggedWindowLevel({400.0, 40.0}, QPointF(0.0, 1000.0), kRange, kView);
    EXPECT_DOUBLE_EQ(low.level, -1200.0);
    const render::WindowLevel flat =
        draggedWindowLevel({1.0, 5.0}, QPointF(100.0, 0.0), IntensityRange{5.0, 5.0}, kView);
    EXPECT_GT(flat.window, 1.0);  // a constant image still gets a usable scale
}

TEST(WindowLevelDrag, APressIsAClickUntilThePointerPassesTheThreshold) {
    WindowLevelDrag drag;
    drag.press(QPointF(50.0, 50.0), {400.0, 40.0}, kRange, kView);
    EXPECT_FALSE(drag.move(QPointF(52.0, 47.0)));
    EXPECT_FALSE(drag.dragging());
    EXPECT_DOUBLE_EQ(drag.windowLevel().window, 400.0);
    EXPECT_DOUBLE_EQ(drag.windowLevel().level, 40.0);
    EXPECT_TRUE(drag.move(QPointF(55.0, 50.0)));
    EXPECT_DOUBLE_EQ(drag.windowLevel().window, 500.0);  // measured from the press
    EXPECT_TRUE(drag.move(QPointF(50.0, 50.0)));         // back at the press: still a drag
    EXPECT_DOUBLE_EQ(drag.windowLevel().window, 400.0);
    EXPECT_EQ(drag.pressPosition(), QPointF(50.0, 50.0));
    drag.press(QPointF(10.0, 10.0), {400.0, 40.0}, kRange, kView);
    EXPECT_FALSE(drag.dragging());  // a new press starts as a click
}

}  // namespace
}  // namespace segloop::ui
