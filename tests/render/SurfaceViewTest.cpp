// The 3D surface of label classes: drawn for real, coloured per class, empty without labels,
// turned by rotate() and brought closer by zoom(); also on a real hippocampus label file.
#include "render/SurfaceView.h"

#include "core/io/NiftiReader.h"
#include "render/RenderTestSupport.h"
#include "support/TestPaths.h"

namespace segloop::render {
namespace {

using test::grab;

int nonBlackPixels(const QImage& image) {
    return image.width() * image.height() - test::countPixels(image, 0, 0, 0, 2);
}

int pixelsWhere(const QImage& image, bool (*predicate)(QRgb)) {
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            count += predicate(image.pixel(x, y)) ? 1 : 0;
    }
    return count;
}

bool reddish(QRgb pixel) {
    return qRed(pixel) > 60 && qRed(pixel) > 2 * qGreen(pixel) + 10;
}
bool greenish(QRgb pixel) {
    return qGreen(pixel) > 60 && qGreen(pixel) > 2 * qRed(pixel) + 10;
}

TEST(SurfaceView, DrawsEachClassInItsColour) {
    auto view = test::makeShownView();
    view->setOverlayEnabled(false);
    SurfaceView surface(*view);
    const ImageGeometry geometry = test::syntheticGeometry();
    const LabelMap labels = test::twoBoxLabels(geometry);
    surface.setLabelMap(labels, {{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}});
    EXPECT_GT(surface.triangleCount(), 100);
    const QImage image = grab(*view);
    test::saveScreenshotIfAsked(image, "surface-boxes");
    EXPECT_GT(nonBlackPixels(image), 3000);
    EXPECT_GT(pixelsWhere(image, reddish), 500);
    EXPECT_GT(pixelsWhere(image, greenish), 500);
}

TEST(SurfaceView, TheNearerSurfaceHidesTheOneBehind) {
    // Seen from the front (anterior, -y in LPS): class 1 (red) stands in front of a wider
    // class 2 (green), so the middle of the picture is red only (the depth test works).
    const ImageGeometry geometry = test::syntheticGeometry();
    LabelMap labels(geometry);
    for (int64_t k = 2; k < 8; ++k) {
        for (int64_t i = 12; i < 28; ++i) {
            for (int64_t j = 3; j < 8; ++j)
                labels.at(i, j, k) = 1;
        }
        for (int64_t i = 4; i < 36; ++i) {
            for (int64_t j = 15; j < 25; ++j)
                labels.at(i, j, k) = 2;
        }
    }
    auto view = test::makeShownView();
    view->setOverlayEnabled(false);
    SurfaceView surface(*view);
    surface.setSmoothingIterations(0);
    surface.setLabelMap(labels, {{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}});
    const QImage image = grab(*view);
    test::saveScreenshotIfAsked(image, "surface-depth");
    EXPECT_TRUE(reddish(image.pixel(160, 120))) << std::hex << image.pixel(160, 120);
    EXPECT_GT(pixelsWhere(image, greenish), 300);  // the wider class shows at the sides
}

TEST(SurfaceView, EmptyLabelsDrawNothing) {
    auto view = test::makeShownView();
    view->setOverlayEnabled(false);
    SurfaceView surface(*view);
    surface.setLabelMap(LabelMap(test::syntheticGeometry()));
    EXPECT_EQ(surface.triangleCount(), 0);
    EXPECT_EQ(nonBlackPixels(grab(*view)), 0);
}

TEST(SurfaceView, RotateAndZoomChangeTheView) {
    auto view = test::makeShownView();
    view->setOverlayEnabled(false);
    SurfaceView surface(*view);
    const LabelMap labels = test::twoBoxLabels(test::syntheticGeometry());
    surface.setLabelMap(labels);
    const QImage front = grab(*view);
    surface.rotate(60.0, 20.0);
    const QImage turned = grab(*view);
    EXPECT_GT(test::countChangedPixels(front, turned, front.rect()), 2000);
    surface.resetCamera();
    const int before = nonBlackPixels(grab(*view));
    surface.zoom(1.5);
    EXPECT_GT(nonBlackPixels(grab(*view)), before * 3 / 2);
}

TEST(SurfaceView, RendersARealHippocampusLabel) {
    const LabelMap labels = readNiftiLabelMap(segloop::test::testDataDir() +
                                              "/hippocampus/labelsTr/hippocampus_003.nii.gz");
    auto view = test::makeShownView(640, 480);
    view->setOverlayEnabled(false);
    SurfaceView surface(*view);
    surface.setLabelMap(labels, {{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}});
    EXPECT_GT(surface.triangleCount(), 500);
    const QImage image = grab(*view);
    test::saveScreenshotIfAsked(image, "surface-hippocampus");
    EXPECT_GT(nonBlackPixels(image), 8000);
    EXPECT_GT(pixelsWhere(image, reddish), 1000);
    EXPECT_GT(pixelsWhere(image, greenish), 1000);
    surface.rotate(90.0, 0.0);
    test::saveScreenshotIfAsked(grab(*view), "surface-hippocampus-side");
}

}  // namespace
}  // namespace segloop::render
