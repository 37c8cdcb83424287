// Picking agrees with what VTK draws for every orientation, for grids whose direction is not the
// identity (NIfTI's RAS grids read as LPS), and after zoom and pan: a single labelled voxel is
// rendered, and the centre of its pixels picks that very voxel.
#include <tuple>

#include "render/SliceFrame.h"
#include "render/SliceView.h"

#include "render/RenderTestSupport.h"

namespace segloop::render {
namespace {

using test::grab;

ImageGeometry geometryWithDirection(const Mat3& direction) {
    ImageGeometry geometry = test::syntheticGeometry();
    geometry.direction = direction;
    return geometry;
}

const Mat3 kIdentity{1, 0, 0, 0, 1, 0, 0, 0, 1};
const Mat3 kRasFlip{-1, 0, 0, 0, -1, 0, 0, 0, 1};            // a NIfTI grid stored RAS
const Mat3 kSagittalAcquisition{0, 0, 1, 1, 0, 0, 0, 1, 0};  // i -> y, j -> z, k -> x

TEST(SliceFrame, FollowsRadiologicalConvention) {
    const SliceFrame axial =
        sliceFrameFor(SliceOrientation::Axial, geometryWithDirection(kIdentity));
    EXPECT_EQ(axial.sliceAxis, 2);
    EXPECT_EQ(axial.horizontalAxis, 0);
    EXPECT_EQ(axial.horizontalSign, 1.0);  // patient's left (+x) on the screen's right
    EXPECT_EQ(axial.verticalSign, -1.0);   // anterior (-y) up
    const SliceFrame flipped =
        sliceFrameFor(SliceOrientation::Axial, geometryWithDirection(kRasFlip));
    EXPECT_EQ(flipped.horizontalSign, -1.0);
    EXPECT_EQ(flipped.verticalSign, 1.0);
    const SliceFrame sagittal =
        sliceFrameFor(SliceOrientation::Sagittal, geometryWithDirection(kSagittalAcquisition));
    EXPECT_EQ(sagittal.sliceAxis, 2);       // k runs along x
    EXPECT_EQ(sagittal.horizontalAxis, 0);  // i runs along y (posterior to the right)
    EXPECT_EQ(sagittal.verticalAxis, 1);    // j runs along z (head up)
}

class SlicePickingMatchesRendering
    : public ::testing::TestWithParam<std::tuple<SliceOrientation, int>> {};

TEST_P(SlicePickingMatchesRendering, SingleVoxelIsWherePickSaysAfterZoomAndPan) {
    const auto [orientation, directionChoice] = GetParam();
    const Mat3 directions[] = {kIdentity, kRasFlip, kSagittalAcquisition};
    const ImageGeometry geometry = geometryWithDirection(directions[directionChoice]);
    const Volume volume = test::constantVolume(geometry, 0.0f);
    LabelMap labels(geometry);
    const std::array<int64_t, 3> marked{12, 7, 4};
    labels.at(marked[0], marked[1], marked[2]) = 1;

    auto view = test::makeShownView(320, 240);
    view->setOverlayEnabled(false);
    SliceView slice(*view, orientation);
    slice.setVolume(&volume);
    slice.setLabelMap(&labels);
    slice.setClassColours({{1.0, 0.0, 0.0}});
    slice.setLabelOpacity(1.0);
    slice.setSliceIndex(static_cast<int>(marked[static_cast<size_t>(slice.frame().sliceAxis)]));

    for (int step = 0; step < 3; ++step) {
        const QPointF voxelOnScreen =
            slice.widgetPositionOfIndex({double(marked[0]), double(marked[1]), double(marked[2])});
        if (step == 1)
            slice.zoomAt(voxelOnScreen + QPointF(23.0, -17.0), 2.5);
        if (step == 2)
            slice.panByPixels(QPointF(-30.0, 25.0));
        const QImage image = grab(*view);
        const QPointF centre = test::centroidOf(image, 255, 0, 0);
        ASSERT_GE(centre.x(), 0.0) << "the marked voxel is not drawn, step " << step;
        const SlicePick pick = slice.pick(centre);
        ASSERT_TRUE(pick.inside) << "step " << step;
        EXPECT_EQ(pick.voxel, marked)
            << "step " << step << " centre " << centre.x() << "," << centre.y() << " picked "
            << pick.voxel[0] << "," << pick.voxel[1] << "," << pick.voxel[2];
        EXPECT_EQ(pick.label, 1);
        const QPointF expected =
            slice.widgetPositionOfIndex({double(marked[0]), double(marked[1]), double(marked[2])});
        EXPECT_NEAR(expected.x(), centre.x(), 0.75) << "step " << step;
        EXPECT_NEAR(expected.y(), centre.y(), 0.75) << "step " << step;
        const Vec3 world =
            geometry.indexToWorld({double(marked[0]), double(marked[1]), double(marked[2])});
        const Vec3 pickedVoxelWorld = geometry.indexToWorld(
            {double(pick.voxel[0]), double(pick.voxel[1]), double(pick.voxel[2])});
        for (size_t axis = 0; axis < 3; ++axis)
            EXPECT_NEAR(pickedVoxelWorld[axis], world[axis], 1e-9);
    }
}

INSTANTIATE_TEST_SUITE_P(OrientationsAndDirections, SlicePickingMatchesRendering,
                         ::testing::Combine(::testing::Values(SliceOrientation::Axial,
                                                              SliceOrientation::Coronal,
                                                              SliceOrientation::Sagittal),
                                            ::testing::Values(0, 1, 2)));

TEST(SliceCamera, ZoomAtKeepsThePointUnderThePointer) {
    SliceCamera camera;
    const ImageGeometry geometry = test::syntheticGeometry();
    camera.setGrid(geometry.size, geometry.spacingMm,
                   sliceFrameFor(SliceOrientation::Axial, geometry));
    camera.setViewportPixels(QSize(400, 300), 1.0);
    const QPointF pointer(123.0, 77.0);
    const Vec3 before = camera.gridPointAt(pointer);
    camera.zoomAt(pointer, 3.0);
    const Vec3 after = camera.gridPointAt(pointer);
    for (size_t axis = 0; axis < 3; ++axis)
        EXPECT_NEAR(before[axis], after[axis], 1e-9);
    EXPECT_DOUBLE_EQ(camera.zoom(), 3.0);
    const QPointF back = camera.widgetPositionOf(after);
    EXPECT_NEAR(back.x(), pointer.x(), 1e-9);
    EXPECT_NEAR(back.y(), pointer.y(), 1e-9);
}

}  // namespace
}  // namespace segloop::render
