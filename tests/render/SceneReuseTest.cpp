// A paint whose VTK scene did not change reuses VTK's last image (RenderViewWidget): what must
// render the scene again does (slice, labels cutting the slice, window/level, props, size), what
// must not does not (crosshair, HUD, labels elsewhere), and a reused frame shows the same pixels
// as a freshly rendered one, with the crosshair where it now is.
#include <QRect>

#include <vtkImageSlice.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>

#include "core/editing/VoxelBox.h"
#include "render/RenderTestSupport.h"
#include "render/SliceView.h"

namespace segloop::render {
namespace {

using test::grab;
using test::near;

constexpr int kCrosshairRed = 255;
constexpr int kCrosshairGreen = 217;
constexpr int kCrosshairBlue = 51;

class SceneReuseTest : public ::testing::Test {
  protected:
    void SetUp() override {
        view = test::makeShownView();
        slice = std::make_unique<SliceView>(*view, SliceOrientation::Axial);
        slice->setVolume(&volume);
        slice->setWindowLevel({40000.0, 50000.0});  // the index-coded values as greys
        slice->setLabelMap(&labels);
        slice->setClassColours({{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}});
        slice->setLabelOpacity(1.0);
        slice->setSliceIndex(4);
        last = grab(*view);
    }

    /// Paints once; true when that paint rendered the VTK scene, false when it reused it.
    bool paintRendersScene() {
        const long long renders = view->sceneRenderCount();
        const long long reuses = view->sceneReuseCount();
        last = grab(*view);
        EXPECT_EQ(view->sceneRenderCount() + view->sceneReuseCount(), renders + reuses + 1);
        return view->sceneRenderCount() > renders;
    }

    /// Pixels of the crosshair's colour on the row and the column through `index`.
    int crosshairPixelsThrough(const Vec3& index) const {
        const QPointF centre = slice->widgetPositionOfIndex(index);
        const int row = static_cast<int>(centre.y());
        const int column = static_cast<int>(centre.x());
        int count = 0;
        for (int x = 0; x < last.width(); ++x) {
            if (near(last.pixel(x, row), kCrosshairRed, kCrosshairGreen, kCrosshairBlue))
                ++count;
        }
        for (int y = 0; y < last.height(); ++y) {
            if (near(last.pixel(column, y), kCrosshairRed, kCrosshairGreen, kCrosshairBlue))
                ++count;
        }
        return count;
    }

    ImageGeometry geometry = test::syntheticGeometry();
    Volume volume = test::indexCodedVolume(geometry);
    LabelMap labels = test::twoBoxLabels(geometry);
    std::unique_ptr<RenderViewWidget> view;
    std::unique_ptr<SliceView> slice;
    QImage last;
};

TEST_F(SceneReuseTest, AnUnchangedSceneIsReusedAndShowsTheSamePixels) {
    EXPECT_FALSE(paintRendersScene());
    const QImage reused = last;
    view->markSceneChanged();
    EXPECT_TRUE(paintRendersScene());
    EXPECT_EQ(test::countChangedPixels(reused, last, last.rect()), 0);
    EXPECT_FALSE(paintRendersScene());
}

TEST_F(SceneReuseTest, SliceWindowLevelAndSizeChangesRenderAgain) {
    const QImage before = last;
    slice->setSliceIndex(7);
    EXPECT_TRUE(paintRendersScene());
    EXPECT_GT(test::countChangedPixels(before, last, last.rect()), 1000);
    slice->setSliceIndex(7);  // the same slice: nothing to render
    EXPECT_FALSE(paintRendersScene());
    slice->setWindowLevel({20000.0, 50000.0});
    EXPECT_TRUE(paintRendersScene());
    slice->setZoom(2.0);
    EXPECT_TRUE(paintRendersScene());
    // Qt paints a resized widget at once (resizeEvent): the scene renders at the new size there.
    const long long rendersBeforeResize = view->sceneRenderCount();
    view->resize(300, 220);
    last = grab(*view);
    EXPECT_GT(view->sceneRenderCount(), rendersBeforeResize);
    EXPECT_EQ(last.width(), 300);
    const QImage resized = last;
    view->markSceneChanged();
    EXPECT_TRUE(paintRendersScene());
    EXPECT_EQ(test::countChangedPixels(resized, last, last.rect()), 0);
    EXPECT_FALSE(paintRendersScene());
}

TEST_F(SceneReuseTest, AddingOrHidingAPropRendersAgain) {
    auto extra = vtkSmartPointer<vtkImageSlice>::New();
    view->renderer()->AddViewProp(extra);
    EXPECT_TRUE(paintRendersScene());
    view->renderer()->RemoveViewProp(extra);
    EXPECT_TRUE(paintRendersScene());
    slice->setLabelsVisible(false);
    EXPECT_TRUE(paintRendersScene());
}

TEST_F(SceneReuseTest, CrosshairAndHudChangesReuseTheScene) {
    slice->setCrosshairVisible(false);
    grab(*view);
    const QImage plain = grab(*view);
    slice->setCrosshairIndex({10.0, 8.0, 4.0});
    slice->setCrosshairVisible(true);
    EXPECT_FALSE(paintRendersScene());
    EXPECT_GT(crosshairPixelsThrough({10.0, 8.0, 4.0}), 100);

    // Moved within the slice: a reused frame, the lines at the new place and gone from the old:
    // every pixel that differs from the frame without crosshair has the crosshair's colour.
    slice->setCrosshairIndex({30.0, 20.0, 4.0});
    EXPECT_FALSE(paintRendersScene());
    EXPECT_GT(crosshairPixelsThrough({30.0, 20.0, 4.0}), 100);
    EXPECT_LT(crosshairPixelsThrough({10.0, 8.0, 4.0}), 10);  // where the lines cross the new
    int changed = 0;
    int changedToOtherColours = 0;
    for (int y = 0; y < last.height(); ++y) {
        for (int x = 0; x < last.width(); ++x) {
            if (last.pixel(x, y) == plain.pixel(x, y))
                continue;
            ++changed;
            if (!near(last.pixel(x, y), kCrosshairRed, kCrosshairGreen, kCrosshairBlue))
                ++changedToOtherColours;
        }
    }
    EXPECT_GT(changed, 100);
    EXPECT_EQ(changedToOtherColours, 0);
    const QImage first = last;

    HudContent hud;
    hud.visible = true;
    hud.activeClassName = "hippocampus";
    view->overlayPanels().setHud(hud);
    view->requestRender();
    EXPECT_FALSE(paintRendersScene());
    EXPECT_GT(test::countChangedPixels(first, last, QRect(0, 0, 120, 60)), 20);  // the HUD text

    slice->setCrosshairVisible(false);
    EXPECT_FALSE(paintRendersScene());
    EXPECT_EQ(test::countPixels(last, kCrosshairRed, kCrosshairGreen, kCrosshairBlue), 0);
}

TEST_F(SceneReuseTest, LabelEditsRenderOnlyWhenTheyCutTheShownSlice) {
    // An edit on slices 6..8 does not change slice 4: nothing to repaint or render.
    labels.at(20, 5, 7) = 2;
    slice->labelsModified(VoxelBox{{18, 3, 6}, {22, 7, 8}});
    EXPECT_FALSE(paintRendersScene());

    // An edit on slice 4 shows at once.
    const QPointF voxel = slice->widgetPositionOfIndex({20.0, 5.0, 4.0});
    EXPECT_FALSE(near(last.pixel(voxel.toPoint()), 0, 255, 0));
    labels.at(20, 5, 4) = 2;
    slice->labelsModified(VoxelBox{{20, 5, 4}, {20, 5, 4}});
    EXPECT_TRUE(paintRendersScene());
    EXPECT_TRUE(near(last.pixel(voxel.toPoint()), 0, 255, 0));

    // The edit of slice 7 made earlier shows when slice 7 is shown.
    slice->setSliceIndex(7);
    EXPECT_TRUE(paintRendersScene());
    const QPointF edited = slice->widgetPositionOfIndex({20.0, 5.0, 7.0});
    EXPECT_TRUE(near(last.pixel(edited.toPoint()), 0, 255, 0));
}

}  // namespace
}  // namespace segloop::render
