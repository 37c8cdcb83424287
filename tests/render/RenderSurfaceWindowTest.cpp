// The view's native GL window: input the windowing system delivers to it reaches the view's
// listener at the same position, repaint requests made together paint one frame, and each
// presented frame is signalled. Real windows under Xvfb, events through Qt's window system.
#include <QKeyEvent>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QWheelEvent>
#include <QWindow>

#include "render/RenderTestSupport.h"
#include "render/RenderViewInputListener.h"

namespace segloop::render {
namespace {

struct RecordingListener : RenderViewInputListener {
    void mousePressed(QMouseEvent& event) override {
        ++presses;
        lastPress = event.position();
    }
    void mouseReleased(QMouseEvent&) override { ++releases; }
    void keyPressed(QKeyEvent& event) override { lastKey = event.key(); }
    int presses = 0;
    int releases = 0;
    QPointF lastPress;
    int lastKey = 0;
};

TEST(RenderSurfaceWindow, InputToTheNativeWindowReachesTheListener) {
    auto view = test::makeShownView(320, 240);
    view->setOverlayEnabled(false);
    RecordingListener listener;
    view->setInputListener(&listener);
    QWindow* window = view->nativeWindow();
    ASSERT_NE(window, nullptr);
    EXPECT_EQ(window->size(), view->size());

    QTest::mouseClick(window, Qt::LeftButton, Qt::NoModifier, QPoint(123, 45));
    EXPECT_EQ(listener.presses, 1);
    EXPECT_EQ(listener.releases, 1);
    EXPECT_EQ(listener.lastPress, QPointF(123, 45));

    window->requestActivate();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window));
    QTest::keyClick(window, Qt::Key_Up);
    EXPECT_EQ(listener.lastKey, int(Qt::Key_Up));
    view->setInputListener(nullptr);
}

TEST(RenderSurfaceWindow, RequestsMadeTogetherPaintOneFrame) {
    auto view = test::makeShownView(320, 240);
    QSignalSpy swapped(view.get(), &RenderViewWidget::frameSwapped);
    // Let the first frames after showing pass (later under a loaded machine): until 200 ms go
    // by without a frame, for at most 5 s.
    for (int wait = 0; wait < 25; ++wait) {
        swapped.clear();
        QTest::qWait(200);
        if (swapped.isEmpty())
            break;
    }
    const long long framesBefore = view->sceneRenderCount() + view->sceneReuseCount();
    swapped.clear();
    view->requestRender();
    view->requestRender();
    view->requestRender();
    ASSERT_TRUE(swapped.wait(2000));
    QTest::qWait(50);  // and nothing paints again later (no second, timed update)
    EXPECT_EQ(view->sceneRenderCount() + view->sceneReuseCount() - framesBefore, 1);
    EXPECT_EQ(swapped.count(), 1);
}

}  // namespace
}  // namespace segloop::render
