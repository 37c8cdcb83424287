// The Dear ImGui overlay is drawn into the same frame as VTK: the HUD and the training monitor
// change the pixels of their corners, the rest of the view is untouched, and input over a panel
// goes to ImGui instead of the view's listener.
#include <QApplication>
#include <QMouseEvent>

#include "render/OverlayPanels.h"
#include "render/RenderViewInputListener.h"
#include "render/SliceView.h"

#include "render/RenderTestSupport.h"

namespace segloop::render {
namespace {

using test::countChangedPixels;
using test::grab;

HudContent sampleHud() {
    HudContent hud;
    hud.visible = true;
    hud.cursorInside = true;
    hud.cursorMm = {12.5, -40.0, 7.25};
    hud.cursorVoxel = {12, 7, 4};
    hud.voxelValue = 137.0f;
    hud.activeClass = 1;
    hud.activeClassName = "hippocampus";
    hud.brushRadiusMm = 3.0;
    hud.hasPredictedQuality = true;
    hud.predictedQuality = 0.83;
    hud.legend = {{"consistent", {0.1f, 0.8f, 0.2f}}, {"uncertain", {1.0f, 0.85f, 0.0f}}};
    return hud;
}

class ImGuiOverlayTest : public ::testing::Test {
  protected:
    void SetUp() override {
        view = test::makeShownView(640, 480);
        slice = std::make_unique<SliceView>(*view, SliceOrientation::Axial);
        slice->setVolume(&volume);
        slice->setWindowLevel({200.0, 100.0});
    }
    ImageGeometry geometry = test::syntheticGeometry();
    Volume volume = test::constantVolume(geometry, 100.0f);
    std::unique_ptr<RenderViewWidget> view;
    std::unique_ptr<SliceView> slice;
};

TEST_F(ImGuiOverlayTest, HudDrawsInTheTopLeftCornerOnly) {
    const QImage without = grab(*view);
    view->overlayPanels().setHud(sampleHud());
    const QImage with = grab(*view);
    test::saveScreenshotIfAsked(with, "overlay-hud");
    EXPECT_GT(countChangedPixels(without, with, QRect(0, 0, 200, 80)), 2000);
    EXPECT_EQ(countChangedPixels(without, with, QRect(320, 240, 320, 240)), 0);

    view->setOverlayEnabled(false);
    EXPECT_EQ(countChangedPixels(without, grab(*view), QRect(0, 0, 640, 480)), 0);
}

TEST_F(ImGuiOverlayTest, TrainingMonitorDrawsItsPlotsTopRight) {
    const QImage without = grab(*view);
    TrainingMonitorContent monitor;
    monitor.visible = true;
    monitor.status = "training: step 120 / 2000";
    for (int step = 0; step < 120; ++step)
        monitor.loss.push_back(1.0f / (1.0f + 0.05f * step));
    monitor.validationDice = {0.2f, 0.45f, 0.6f, 0.71f, 0.78f};
    monitor.predictedQuality = {0.91f, 0.85f, 0.4f, 0.77f, 0.66f, 0.93f, 0.12f};
    view->overlayPanels().setTrainingMonitor(monitor);
    const QImage with = grab(*view);
    test::saveScreenshotIfAsked(with, "overlay-training");
    EXPECT_GT(countChangedPixels(without, with, QRect(380, 0, 260, 240)), 5000);
    EXPECT_EQ(countChangedPixels(without, with, QRect(0, 240, 320, 240)), 0);
}

TEST(OverlayPanels, QualityHistogramCountsPerBin) {
    const std::vector<float> counts =
        histogramOfUnitValues({0.0f, 0.05f, 0.5f, 0.99f, 1.0f, 1.7f, -3.0f}, 4);
    EXPECT_EQ(counts, (std::vector<float>{3.0f, 0.0f, 1.0f, 3.0f}));
}

TEST(OverlayPanels, HudContentsCompareByEveryShownField) {
    const HudContent hud = sampleHud();
    EXPECT_EQ(hud, sampleHud());
    HudContent moved = hud;
    moved.cursorVoxel[1] += 1;
    EXPECT_NE(hud, moved);
    HudContent otherLegend = hud;
    otherLegend.legend.push_back(LegendEntry{"uncertain", {1.0f, 1.0f, 0.0f}});
    EXPECT_NE(hud, otherLegend);
    HudContent otherQuality = hud;
    otherQuality.predictedQuality += 0.01;
    EXPECT_NE(hud, otherQuality);
}

struct CountingListener : RenderViewInputListener {
    void mousePressed(QMouseEvent&) override { ++presses; }
    int presses = 0;
};

void sendMouse(QWidget& widget, QEvent::Type type, QPointF position) {
    const Qt::MouseButton button = type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton;
    const Qt::MouseButtons buttons =
        type == QEvent::MouseButtonPress ? Qt::LeftButton : Qt::NoButton;
    QMouseEvent event(type, position, widget.mapToGlobal(position), button, buttons,
                      Qt::NoModifier);
    QApplication::sendEvent(&widget, &event);
}

TEST_F(ImGuiOverlayTest, ClicksOverThePanelStayWithTheOverlay) {
    CountingListener listener;
    view->setInputListener(&listener);
    view->overlayPanels().setHud(sampleHud());
    grab(*view);

    const QPointF overHud(40.0, 20.0);
    sendMouse(*view, QEvent::MouseMove, overHud);
    grab(*view);  // a frame lets ImGui see the pointer over its panel
    sendMouse(*view, QEvent::MouseButtonPress, overHud);
    sendMouse(*view, QEvent::MouseButtonRelease, overHud);
    EXPECT_EQ(listener.presses, 0);

    const QPointF overImage(400.0, 400.0);
    sendMouse(*view, QEvent::MouseMove, overImage);
    grab(*view);
    sendMouse(*view, QEvent::MouseButtonPress, overImage);
    sendMouse(*view, QEvent::MouseButtonRelease, overImage);
    EXPECT_EQ(listener.presses, 1);
    view->setInputListener(nullptr);
}

}  // namespace
}  // namespace segloop::render
