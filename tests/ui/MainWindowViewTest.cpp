// What the main window shows: a screenshot that is not blank and has the label overlay's class
// colours, overlay toggles, slice scrolling with the keys, window/level by drag and by typed
// values, flood fill (the review queue: MainWindowReviewTest).
#include <algorithm>
#include <cstdlib>
#include <functional>
#include <set>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QScreen>
#include "ui/editing/EditUndo.h"

#include "UiTestSupport.h"
#include "render/SurfaceView.h"
#include "ui/WindowScreenshot.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/ToolPanel.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/RenderViewWidget.h"

namespace segloop::ui {
namespace {

class MainWindowViewTest : public ::testing::Test {
  protected:
    void SetUp() override {
        projectFolder = dir.file("project");
        ids = test::makeTestProject(projectFolder);
        window = test::openShownWindow(projectFolder);
    }
    void showLabelsOpaque() {
        OverlaySettings overlays = window->toolPanel().overlays();
        overlays.labelOpacity = 1.0;
        overlays.labelsVisible = true;
        window->toolPanel().setOverlays(overlays);
    }
    QImage screenshot(const char* name) {
        QTest::qWait(20);
        const QImage image = grabWindowWithRenderViews(*window);
        if (const char* folder = std::getenv("SEGLOOP_UI_SCREENSHOTS")) {
            image.save(QString(folder) + "/" + name + ".png");
        }
        return image;
    }

    segloop::test::TempDir dir;
    std::string projectFolder;
    test::TestProjectIds ids;
    std::unique_ptr<MainWindow> window;
};

TEST_F(MainWindowViewTest, TheScreenshotIsNotBlankAndShowsTheClassColours) {
    showLabelsOpaque();
    const QImage image = screenshot("main-window");
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    }
    EXPECT_GT(colours.size(), 200u);
    const int red = test::countNear(image, 255, 0, 0, 40);
    const int green = test::countNear(image, 0, 255, 0, 40);
    EXPECT_GT(red, 200);    // anterior, in the slice views and the surface
    EXPECT_GT(green, 200);  // posterior

    OverlaySettings hidden = window->toolPanel().overlays();
    hidden.labelsVisible = false;
    window->toolPanel().setOverlays(hidden);
    const QImage withoutLabels = window->viewer().sliceWidget(0).grabFramebuffer();
    EXPECT_EQ(test::countNear(withoutLabels, 255, 0, 0, 10), 0);
}

TEST_F(MainWindowViewTest, TheViewsFramesReachTheScreen) {
    // The X server's own pixels (not a read-back of the views' GL): each view is a native
    // window presenting its frames, so the label colours must be on the screen. Tests running
    // in parallel open windows on the same virtual screen: raise this one before each look, and
    // look again (a few times) when another covered it meanwhile.
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    const auto labelledPixelsOnScreen = [&] {
        window->raise();
        view.requestRender();
        QTest::qWait(100);
        const QPoint topLeft = view.mapToGlobal(QPoint(0, 0));
        const QImage image =
            QGuiApplication::primaryScreen()
                ->grabWindow(0, topLeft.x(), topLeft.y(), view.width(), view.height())
                .toImage()
                .convertToFormat(QImage::Format_RGB32);
        return test::countNear(image, 255, 0, 0, 40) + test::countNear(image, 0, 255, 0, 40);
    };
    const auto eventually = [](const std::function<bool()>& check) {
        for (int attempt = 0; attempt < 5; ++attempt) {
            if (check())
                return true;
        }
        return false;
    };
    showLabelsOpaque();
    EXPECT_TRUE(eventually([&] { return labelledPixelsOnScreen() > 200; }));

    OverlaySettings hidden = window->toolPanel().overlays();
    hidden.labelsVisible = false;
    window->toolPanel().setOverlays(hidden);
    EXPECT_TRUE(eventually([&] { return labelledPixelsOnScreen() < 20; }));
}

TEST_F(MainWindowViewTest, TheSurfaceViewShowsTheLabelsIn3D) {
    EXPECT_GT(window->viewer().surfaceView().triangleCount(), 100);
    render::RenderViewWidget& view = window->viewer().surfaceWidget();
    view.setOverlayEnabled(false);
    const QImage image = view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    if (const char* folder = std::getenv("SEGLOOP_UI_SCREENSHOTS"))
        image.save(QString(folder) + "/surface.png");
    int coloured = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QRgb pixel = image.pixel(x, y);
            coloured += (qRed(pixel) > 60 && qGreen(pixel) < qRed(pixel) / 2) ||
                                (qGreen(pixel) > 60 && qRed(pixel) < qGreen(pixel) / 2)
                            ? 1
                            : 0;
        }
    }
    EXPECT_GT(coloured, 500);
}

TEST_F(MainWindowViewTest, TheUncertaintyOverlayAppearsWhenTurnedOn) {
    ASSERT_TRUE(window->openCase(ids.pseudo004));
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    OverlaySettings overlays = window->toolPanel().overlays();
    overlays.labelsVisible = false;
    window->toolPanel().setOverlays(overlays);
    view.setOverlayEnabled(false);
    const QImage plain = view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    overlays.uncertaintyVisible = true;
    overlays.uncertaintyOpacity = 1.0;
    window->toolPanel().setOverlays(overlays);
    const QImage heat = view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    EXPECT_TRUE(window->toolPanel().findChild<QCheckBox*>("overlayUncertainty")->isChecked());
    EXPECT_FALSE(window->toolPanel().findChild<QCheckBox*>("overlayLabels")->isChecked());
    screenshot("uncertainty");
    int changed = 0;
    for (int y = 0; y < plain.height(); ++y) {
        for (int x = 0; x < plain.width(); ++x)
            changed += plain.pixel(x, y) != heat.pixel(x, y) ? 1 : 0;
    }
    EXPECT_GT(changed, 1000);
}

TEST_F(MainWindowViewTest, ThePseudoVersusCorrectedOverlayShowsWhatACorrectionAdded) {
    ASSERT_TRUE(window->openCase(ids.pseudo004));
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    view.setOverlayEnabled(false);
    OverlaySettings overlays = window->toolPanel().overlays();
    overlays.labelsVisible = false;
    overlays.crosshairVisible = false;
    overlays.comparisonVisible = true;
    overlays.comparisonOpacity = 1.0;
    window->toolPanel().setOverlays(overlays);
    const QImage unchanged = view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    EXPECT_EQ(test::countNear(unchanged, 25, 204, 51, 30), 0);  // nothing added yet

    window->toolPanel().setTool(EditTool::Brush);
    window->toolPanel().scaleBrush(2.0);
    const QPoint corner(view.width() / 2 - 60, view.height() / 2 - 60);
    ASSERT_TRUE(window->viewer().sliceView(0).pick(corner).inside);
    QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, corner);
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, corner);
    const QImage corrected = view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    if (const char* folder = std::getenv("SEGLOOP_UI_SCREENSHOTS"))
        corrected.save(QString(folder) + "/comparison.png");
    EXPECT_GT(test::countNear(corrected, 25, 204, 51, 30), 20);  // "added by correction"
    window->editUndo().undo();  // the shared comparison follows the undo in its box
    const QImage undone = view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    EXPECT_EQ(test::countNear(undone, 25, 204, 51, 30), 0);
}

TEST_F(MainWindowViewTest, KeysAndTheWheelScrollTheSliceAndMoveTheLinkedCrosshair) {
    render::SliceView& axial = window->viewer().sliceView(0);
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    const int start = axial.sliceIndex();
    QTest::keyClick(&view, Qt::Key_Up);
    EXPECT_EQ(axial.sliceIndex(), start + 1);
    QTest::keyClick(&view, Qt::Key_PageDown);
    EXPECT_EQ(axial.sliceIndex(), start - 4);
    QWheelEvent wheel(QPointF(view.width() / 2, view.height() / 2),
                      view.mapToGlobal(QPointF(10, 10)), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&view, &wheel);
    EXPECT_EQ(axial.sliceIndex(), start - 2);

    // A click with the navigate tool moves the crosshair: the other views jump to its slices.
    window->toolPanel().setTool(EditTool::Navigate);
    const QPoint target(view.width() / 2 + 20, view.height() / 2 - 10);
    const render::SlicePick pick = axial.pick(target);
    ASSERT_TRUE(pick.inside);
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, target);
    render::SliceView& coronal = window->viewer().sliceView(1);
    render::SliceView& sagittal = window->viewer().sliceView(2);
    EXPECT_EQ(coronal.sliceIndex(), pick.voxel[size_t(coronal.frame().sliceAxis)]);
    EXPECT_EQ(sagittal.sliceIndex(), pick.voxel[size_t(sagittal.frame().sliceAxis)]);
}

TEST_F(MainWindowViewTest, ALeftDragInNavigateSetsTheSharedWindowLevelAndTheBoxesFollow) {
    window->toolPanel().setTool(EditTool::Navigate);
    CaseViewer& viewer = window->viewer();
    render::RenderViewWidget& view = viewer.sliceWidget(0);
    view.setOverlayEnabled(false);
    int chosen = 0;  // the boxes following the drag must not send it back
    QObject::connect(&window->toolPanel(), &ToolPanel::windowLevelChosen, [&] { ++chosen; });
    const render::WindowLevel before = viewer.windowLevel();
    const int coronalSlice = viewer.sliceView(1).sliceIndex();
    const int sagittalSlice = viewer.sliceView(2).sliceIndex();
    const QImage shownBefore = view.grabFramebuffer();
    const QPoint start(view.width() / 2 + 25, view.height() / 2 - 15);  // off the crosshair
    QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, start);
    QTest::mouseMove(&view, start + QPoint(20, -10));
    QTest::mouseMove(&view, start + QPoint(40, -20));
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, start + QPoint(40, -20));

    const render::WindowLevel after = viewer.windowLevel();
    EXPECT_GT(after.window, before.window);  // right: a wider window
    EXPECT_GT(after.level, before.level);    // up: a higher level
    const double gain = viewer.intensityRange().span() / std::min(view.width(), view.height());
    EXPECT_NEAR(after.window - before.window, 40 * gain, 1e-6 * gain);
    EXPECT_NEAR(after.level - before.level, 20 * gain, 1e-6 * gain);
    for (int n = 0; n < 3; ++n) {
        EXPECT_DOUBLE_EQ(viewer.sliceView(n).windowLevel().window, after.window);
        EXPECT_DOUBLE_EQ(viewer.sliceView(n).windowLevel().level, after.level);
    }
    EXPECT_NE(view.grabFramebuffer(), shownBefore);
    EXPECT_EQ(viewer.sliceView(1).sliceIndex(), coronalSlice);  // a drag leaves the crosshair
    EXPECT_EQ(viewer.sliceView(2).sliceIndex(), sagittalSlice);
    ToolPanel& tools = window->toolPanel();
    EXPECT_NEAR(tools.findChild<QDoubleSpinBox*>("windowWidth")->value(), after.window, 0.006);
    EXPECT_NEAR(tools.findChild<QDoubleSpinBox*>("windowLevelCentre")->value(), after.level, 0.006);
    EXPECT_EQ(tools.findChild<QComboBox*>("windowLevelPreset")->currentIndex(), -1);
    EXPECT_EQ(chosen, 0);

    // The brush keeps the left button: a drag paints and leaves the window/level.
    window->toolPanel().setTool(EditTool::Brush);
    QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, start);
    QTest::mouseMove(&view, start + QPoint(20, 0));
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, start + QPoint(20, 0));
    EXPECT_EQ(window->editUndo().count(), 1);
    EXPECT_DOUBLE_EQ(viewer.windowLevel().window, after.window);
    EXPECT_DOUBLE_EQ(viewer.windowLevel().level, after.level);
}

TEST_F(MainWindowViewTest, AClickInNavigateMovesTheCrosshairAndKeepsTheWindowLevel) {
    window->toolPanel().setTool(EditTool::Navigate);
    CaseViewer& viewer = window->viewer();
    render::RenderViewWidget& view = viewer.sliceWidget(0);
    const render::WindowLevel before = viewer.windowLevel();
    const QPoint target(view.width() / 2 - 30, view.height() / 2 + 20);
    const render::SlicePick pick = viewer.sliceView(0).pick(target);
    ASSERT_TRUE(pick.inside);
    QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, target);
    QTest::mouseMove(&view, target + QPoint(2, -1));  // a hand's jitter, under the threshold
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, target + QPoint(2, -1));
    EXPECT_EQ(viewer.windowLevel().window, before.window);
    EXPECT_EQ(viewer.windowLevel().level, before.level);
    render::SliceView& coronal = viewer.sliceView(1);
    render::SliceView& sagittal = viewer.sliceView(2);
    EXPECT_EQ(coronal.sliceIndex(), pick.voxel[size_t(coronal.frame().sliceAxis)]);
    EXPECT_EQ(sagittal.sliceIndex(), pick.voxel[size_t(sagittal.frame().sliceAxis)]);
}

TEST_F(MainWindowViewTest, TypedWidthAndCentreSetTheWindowLevelAndPresetsShowInTheBoxes) {
    CaseViewer& viewer = window->viewer();
    ToolPanel& tools = window->toolPanel();
    auto* width = tools.findChild<QDoubleSpinBox*>("windowWidth");
    auto* centre = tools.findChild<QDoubleSpinBox*>("windowLevelCentre");
    auto* presets = tools.findChild<QComboBox*>("windowLevelPreset");
    ASSERT_TRUE(width && centre && presets);
    ASSERT_GE(presets->count(), 2);
    EXPECT_EQ(presets->currentIndex(), 0);  // a case opens with its first preset, shown
    EXPECT_NEAR(width->value(), viewer.windowLevel().window, 0.006);

    width->selectAll();
    QTest::keyClicks(width, "250");
    QTest::keyClick(width, Qt::Key_Return);
    centre->selectAll();
    QTest::keyClicks(centre, "-30.5");
    QTest::keyClick(centre, Qt::Key_Return);
    EXPECT_DOUBLE_EQ(viewer.windowLevel().window, 250.0);
    EXPECT_DOUBLE_EQ(viewer.windowLevel().level, -30.5);
    for (int n = 0; n < 3; ++n)
        EXPECT_DOUBLE_EQ(viewer.sliceView(n).windowLevel().window, 250.0);
    EXPECT_EQ(presets->currentIndex(), -1);  // no preset is shown

    presets->setCurrentIndex(1);  // a preset's values show in the boxes
    const render::WindowLevel preset = viewer.windowLevelPresets().at(1).windowLevel;
    EXPECT_DOUBLE_EQ(viewer.windowLevel().window, preset.window);
    EXPECT_NEAR(width->value(), preset.window, 0.006);
    EXPECT_NEAR(centre->value(), preset.level, 0.006);
    EXPECT_DOUBLE_EQ(viewer.windowLevel().level, preset.level);  // not rounded by the boxes
}

TEST_F(MainWindowViewTest, CtrlWheelAndRightDragZoomMiddleDragPans) {
    render::SliceView& axial = window->viewer().sliceView(0);
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    const QPointF centre(view.width() / 2.0, view.height() / 2.0);
    const double zoom = axial.zoom();
    QWheelEvent wheel(centre, view.mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&view, &wheel);
    EXPECT_GT(axial.zoom(), zoom * 1.1);
    const double zoomed = axial.zoom();
    QTest::mousePress(&view, Qt::RightButton, Qt::NoModifier, centre.toPoint());
    QTest::mouseMove(&view, centre.toPoint() + QPoint(0, -40));
    QTest::mouseRelease(&view, Qt::RightButton, Qt::NoModifier, centre.toPoint() + QPoint(0, -40));
    EXPECT_GT(axial.zoom(), zoomed * 1.2);  // dragging up zooms in

    const Vec3 before = axial.pick(centre).continuousIndex;
    QTest::mousePress(&view, Qt::MiddleButton, Qt::NoModifier, centre.toPoint());
    QTest::mouseMove(&view, centre.toPoint() + QPoint(30, 0));
    QTest::mouseRelease(&view, Qt::MiddleButton, Qt::NoModifier, centre.toPoint() + QPoint(30, 0));
    const Vec3 after = axial.pick(centre).continuousIndex;
    const int horizontal = axial.frame().horizontalAxis;
    EXPECT_GT(std::abs(after[size_t(horizontal)] - before[size_t(horizontal)]),
              1.0);  // the image moved
}

TEST_F(MainWindowViewTest, TheSphereBrushPaintsNeighbouringSlicesTooTheDiscDoesNot) {
    ASSERT_TRUE(window->openCase(ids.unlabelled006));
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    const QPoint centre(view.width() / 2, view.height() / 2);
    const int slice = window->viewer().sliceView(0).sliceIndex();
    const int axis = window->viewer().sliceView(0).frame().sliceAxis;
    const auto slicesPainted = [&] {
        std::set<int64_t> slices;
        const LabelMap& labels = window->document()->labels();
        for (int64_t k = 0; k < labels.geometry.size[2]; ++k) {
            for (int64_t j = 0; j < labels.geometry.size[1]; ++j) {
                for (int64_t i = 0; i < labels.geometry.size[0]; ++i) {
                    if (labels.at(i, j, k) != 0)
                        slices.insert(std::array<int64_t, 3>{i, j, k}[size_t(axis)]);
                }
            }
        }
        return slices;
    };
    window->toolPanel().setTool(EditTool::Brush);
    window->toolPanel().scaleBrush(1.5);  // 3 mm
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, centre);
    EXPECT_EQ(slicesPainted(), std::set<int64_t>{slice});
    window->editUndo().undo();
    window->findChild<QCheckBox*>("brushSphere")->setChecked(true);
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, centre);
    EXPECT_GE(slicesPainted().size(), 5u);  // a 3 mm sphere on 1 mm slices
}

TEST_F(MainWindowViewTest, FloodFillIsOneUndoableStep) {
    ASSERT_TRUE(window->openCase(ids.unlabelled006));
    window->toolPanel().setTool(EditTool::FloodFill);
    window->toolPanel().setActiveClass(1);
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier,
                      QPoint(view.width() / 2, view.height() / 2));
    EXPECT_GT(test::countClass(window->document()->labels(), 1), 0u);
    ASSERT_EQ(window->editUndo().count(), 1);
    EXPECT_EQ(window->editUndo().undoText(), "Flood fill");
    window->editUndo().undo();
    EXPECT_EQ(test::countClass(window->document()->labels(), 1), 0u);
}

}  // namespace
}  // namespace segloop::ui
