// A slice view of small synthetic volumes, rendered for real (VTK, OpenGL under Xvfb): the image,
// the label overlay's colours where the labels are, opacity, slices, picking, window/level.
#include "render/SliceView.h"

#include <set>

#include "render/RenderTestSupport.h"

namespace segloop::render {
namespace {

using test::countPixels;
using test::grab;
using test::near;

constexpr int kGrey = 128;  // value 100 under window 200, level 100

class SliceViewTest : public ::testing::Test {
  protected:
    void SetUp() override {
        view = test::makeShownView();
        view->setOverlayEnabled(false);
        slice = std::make_unique<SliceView>(*view, SliceOrientation::Axial);
    }
    void showConstantWithLabels() {
        slice->setVolume(&volume);
        slice->setWindowLevel({200.0, 100.0});
        slice->setLabelMap(&labels);
        slice->setClassColours({{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}});
        slice->setLabelOpacity(1.0);
    }

    ImageGeometry geometry = test::syntheticGeometry();
    Volume volume = test::constantVolume(geometry, 100.0f);
    LabelMap labels = test::twoBoxLabels(geometry);
    std::unique_ptr<RenderViewWidget> view;
    std::unique_ptr<SliceView> slice;
};

/// Voxel index in the slice plane, unless the pixel centre lies within 0.2 voxel of a voxel
/// edge (where rounding may go either way).
bool clearlyInsideOneVoxel(const SlicePick& pick) {
    for (double coordinate : pick.continuousIndex) {
        const double fraction = coordinate - std::floor(coordinate);
        if (std::abs(fraction - 0.5) < 0.2)
            return false;
    }
    return true;
}

TEST_F(SliceViewTest, RendersANonBlankImage) {
    Volume coded = test::indexCodedVolume(geometry);
    slice->setVolume(&coded);
    slice->setSliceIndex(9);
    slice->setWindowLevel({3000.0, 91500.0});  // slice 9 holds 90000..92939
    const QImage image = grab(*view);
    test::saveScreenshotIfAsked(image, "slice-index-coded");
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            colours.insert(image.pixel(x, y));
    }
    EXPECT_GT(colours.size(), 20u);
    EXPECT_FALSE(near(image.pixel(160, 120), 0, 0, 0, 10));
}

TEST_F(SliceViewTest, NothingShownWithoutAVolume) {
    const QImage image = grab(*view);
    EXPECT_EQ(countPixels(image, 0, 0, 0, 0), image.width() * image.height());
}

TEST_F(SliceViewTest, LabelColoursAppearExactlyAtTheLabelledVoxels) {
    showConstantWithLabels();
    const QImage image = grab(*view);
    test::saveScreenshotIfAsked(image, "slice-labels");
    int checked = 0;
    int wrong = 0;
    int background = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const SlicePick pick = slice->pick(QPointF(x + 0.5, y + 0.5));
            if (!clearlyInsideOneVoxel(pick))
                continue;
            const QRgb pixel = image.pixel(x, y);
            if (!pick.inside) {
                ++background;
                if (!near(pixel, 0, 0, 0))
                    ++wrong;
                continue;
            }
            ++checked;
            const uint16_t label = labels.at(pick.voxel[0], pick.voxel[1], pick.voxel[2]);
            EXPECT_EQ(pick.label, label);
            const bool right = label == 1   ? near(pixel, 255, 0, 0)
                               : label == 2 ? near(pixel, 0, 255, 0)
                                            : near(pixel, kGrey, kGrey, kGrey);
            if (!right)
                ++wrong;
        }
    }
    EXPECT_GT(checked, 15000);
    EXPECT_GT(background, 1000);  // the 320x240 view is wider than the slice
    EXPECT_EQ(wrong, 0);

    slice->setLabelsVisible(false);
    const QImage hidden = grab(*view);
    EXPECT_EQ(countPixels(hidden, 255, 0, 0), 0);
    EXPECT_EQ(countPixels(hidden, 0, 255, 0), 0);
    EXPECT_TRUE(near(hidden.pixelColor(slice->widgetPositionOfIndex({9.5, 9.5, 5}).toPoint()).rgb(),
                     kGrey, kGrey, kGrey));
}

TEST_F(SliceViewTest, OpacityBlendsTheClassColourWithTheImage) {
    showConstantWithLabels();
    const QPoint insideClassOne = slice->widgetPositionOfIndex({10.0, 10.0, 5}).toPoint();
    slice->setLabelOpacity(0.5);
    EXPECT_TRUE(near(grab(*view).pixel(insideClassOne), 191, 64, 64, 4))
        << std::hex << grab(*view).pixel(insideClassOne);
    slice->setLabelOpacity(0.25);
    EXPECT_TRUE(near(grab(*view).pixel(insideClassOne), 159, 96, 96, 4));
    slice->setLabelOpacity(0.0);
    EXPECT_TRUE(near(grab(*view).pixel(insideClassOne), kGrey, kGrey, kGrey));
}

TEST_F(SliceViewTest, SliceIndexChoosesThePlaneAndIsClamped) {
    LabelMap oneSlice(geometry);
    for (int64_t j = 5; j < 15; ++j) {
        for (int64_t i = 5; i < 15; ++i)
            oneSlice.at(i, j, 3) = 1;
    }
    slice->setVolume(&volume);
    slice->setLabelMap(&oneSlice);
    slice->setClassColours({{1.0, 0.0, 0.0}});
    slice->setLabelOpacity(1.0);
    EXPECT_EQ(slice->sliceCount(), 10);
    slice->setSliceIndex(3);
    EXPECT_GT(countPixels(grab(*view), 255, 0, 0), 500);
    slice->setSliceIndex(4);
    EXPECT_EQ(countPixels(grab(*view), 255, 0, 0), 0);
    slice->setSliceIndex(99);
    EXPECT_EQ(slice->sliceIndex(), 9);
    slice->setSliceIndex(-5);
    EXPECT_EQ(slice->sliceIndex(), 0);
}

TEST_F(SliceViewTest, AnEditInPlaceShowsAfterLabelsModified) {
    showConstantWithLabels();
    const QPoint target = slice->widgetPositionOfIndex({35.0, 3.0, 5}).toPoint();
    EXPECT_TRUE(near(grab(*view).pixel(target), kGrey, kGrey, kGrey));
    for (int64_t j = 1; j <= 5; ++j) {
        for (int64_t i = 33; i <= 37; ++i)
            labels.at(i, j, 5) = 2;  // a "brush stroke"
    }
    slice->labelsModified();
    EXPECT_TRUE(near(grab(*view).pixel(target), 0, 255, 0));
}

TEST_F(SliceViewTest, ALabelledExtentDrawsTheSameLabelsAndGrowsWithEdits) {
    showConstantWithLabels();
    slice->setSliceIndex(5);
    const QImage whole = grab(*view);
    VoxelBox labelled;
    labelled.include(5, 5, 0);
    labelled.include(31, 25, 9);  // every labelled voxel of twoBoxLabels
    slice->setLabelledExtent(labelled);
    EXPECT_EQ(grab(*view), whole);

    for (int64_t j = 1; j <= 3; ++j) {
        for (int64_t i = 35; i <= 37; ++i)
            labels.at(i, j, 5) = 2;  // outside the extent
    }
    VoxelBox edit;
    edit.include(35, 1, 5);
    edit.include(37, 3, 5);
    slice->labelsModified(edit);
    auto pixel = [&](const QImage& image, double i, double j) {
        return image.pixel(slice->widgetPositionOfIndex({i, j, 5.0}).toPoint());
    };
    EXPECT_TRUE(near(pixel(grab(*view), 36, 2), 0, 255, 0));

    VoxelBox classOneOnly;  // a box that leaves labels out really crops them
    classOneOnly.include(5, 5, 0);
    classOneOnly.include(14, 14, 9);
    slice->setLabelledExtent(classOneOnly);
    const QImage cropped = grab(*view);
    EXPECT_TRUE(near(pixel(cropped, 10, 10), 255, 0, 0));
    EXPECT_TRUE(near(pixel(cropped, 26, 20), kGrey, kGrey, kGrey));
}

TEST_F(SliceViewTest, ALabelledExtentNeverShowsAnotherSlicesLabels) {
    showConstantWithLabels();
    labels.at(10, 10, 2) = 2;  // slice 2 differs from slice 7 here
    slice->labelsModified();
    VoxelBox sliceTwo;  // VTK clamps a slice outside its cropped extent to the nearest one
    sliceTwo.include(0, 0, 2);
    sliceTwo.include(39, 29, 2);
    slice->setLabelledExtent(sliceTwo);
    slice->setSliceIndex(7);
    const QPoint target = slice->widgetPositionOfIndex({10.0, 10.0, 7.0}).toPoint();
    EXPECT_TRUE(near(grab(*view).pixel(target), 255, 0, 0));
    slice->setSliceIndex(2);
    EXPECT_TRUE(near(grab(*view).pixel(target), 0, 255, 0));
}

TEST_F(SliceViewTest, PickGivesVoxelIndexValueAndMillimetres) {
    Volume coded = test::indexCodedVolume(geometry);
    slice->setVolume(&coded);
    slice->setLabelMap(&labels);
    slice->setSliceIndex(4);
    grab(*view);
    for (const Vec3 index : {Vec3{0, 0, 4}, Vec3{12, 7, 4}, Vec3{39, 29, 4}, Vec3{25, 20, 4}}) {
        const SlicePick pick = slice->pick(slice->widgetPositionOfIndex(index));
        ASSERT_TRUE(pick.inside);
        EXPECT_EQ(pick.voxel[0], static_cast<int64_t>(index[0]));
        EXPECT_EQ(pick.voxel[1], static_cast<int64_t>(index[1]));
        EXPECT_EQ(pick.voxel[2], 4);
        EXPECT_FLOAT_EQ(pick.value, static_cast<float>(index[0] + 100 * index[1] + 40000));
        EXPECT_NEAR(pick.worldMm[0], 10.0 + index[0] * 1.0, 1e-6);
        EXPECT_NEAR(pick.worldMm[1], 20.0 + index[1] * 1.5, 1e-6);
        EXPECT_NEAR(pick.worldMm[2], 30.0 + 4 * 2.0, 1e-6);
        EXPECT_EQ(pick.label, labels.at(pick.voxel[0], pick.voxel[1], 4));
    }
    EXPECT_FALSE(slice->pick(QPointF(2.0, 120.0)).inside);  // left of the image
}

TEST_F(SliceViewTest, WindowLevelMapsValuesToGrey) {
    slice->setVolume(&volume);
    const QPoint centre(160, 120);
    slice->setWindowLevel({200.0, 100.0});
    EXPECT_TRUE(near(grab(*view).pixel(centre), kGrey, kGrey, kGrey));
    slice->setWindowLevel({200.0, 0.0});  // 100 is the top of the window: white
    EXPECT_TRUE(near(grab(*view).pixel(centre), 255, 255, 255));
    slice->setWindowLevel({100.0, 200.0});  // below the window: black
    EXPECT_TRUE(near(grab(*view).pixel(centre), 0, 0, 0));
}

TEST_F(SliceViewTest, CrosshairIsDrawnThroughItsVoxelAndHides) {
    slice->setVolume(&volume);
    slice->setWindowLevel({200.0, 100.0});
    slice->setCrosshairIndex({20.0, 15.0, 5.0});
    slice->setCrosshairVisible(true);
    const QImage shown = grab(*view);
    const QPointF centre = slice->widgetPositionOfIndex({20.0, 15.0, 5.0});
    int onLines = 0;
    for (int offset = -40; offset <= 40; offset += 10) {
        for (int dx = -1; dx <= 1; ++dx) {
            if (near(shown.pixel(int(centre.x()) + dx, int(centre.y()) + offset), 255, 217, 51, 12))
                ++onLines;
            if (near(shown.pixel(int(centre.x()) + offset, int(centre.y()) + dx), 255, 217, 51, 12))
                ++onLines;
        }
    }
    EXPECT_GE(onLines, 18);  // each sampled point of both lines, at one of three columns/rows
    slice->setCrosshairVisible(false);
    EXPECT_EQ(countPixels(grab(*view), 255, 217, 51, 12), 0);
}

}  // namespace
}  // namespace segloop::render
