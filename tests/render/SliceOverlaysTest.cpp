// The comparison, uncertainty and SGRS-region overlays of a slice view: each draws its colours
// where its data says, blends by its opacity, and disappears when toggled off.
#include "render/LabelComparison.h"
#include "render/SliceView.h"

#include "core/Error.h"
#include "render/RenderTestSupport.h"

namespace segloop::render {
namespace {

using test::grab;
using test::near;

constexpr int kGrey = 128;

class SliceOverlaysTest : public ::testing::Test {
  protected:
    void SetUp() override {
        view = test::makeShownView();
        view->setOverlayEnabled(false);
        slice = std::make_unique<SliceView>(*view, SliceOrientation::Axial);
        slice->setVolume(&volume);
        slice->setWindowLevel({200.0, 100.0});
        slice->setSliceIndex(5);
    }
    QRgb pixelAt(const QImage& image, double i, double j) const {
        return image.pixel(slice->widgetPositionOfIndex({i, j, 5.0}).toPoint());
    }

    ImageGeometry geometry = test::syntheticGeometry();
    Volume volume = test::constantVolume(geometry, 100.0f);
    std::unique_ptr<RenderViewWidget> view;
    std::unique_ptr<SliceView> slice;
};

TEST(LabelComparison, CodesRemovedAddedAndRelabelledVoxels) {
    ImageGeometry geometry;
    geometry.size = {4, 1, 1};
    LabelMap pseudo(geometry);
    LabelMap corrected(geometry);
    pseudo.labels = {0, 1, 1, 2};
    corrected.labels = {1, 0, 1, 1};
    const std::vector<uint8_t> codes = compareLabelMaps(pseudo, corrected);
    EXPECT_EQ(codes, (std::vector<uint8_t>{2, 1, 0, 3}));
    geometry.size = {3, 1, 1};
    EXPECT_THROW(compareLabelMaps(pseudo, LabelMap(geometry)), Error);
}

TEST(LabelComparison, AnUpdateInABoxRecomputesThatBoxOnly) {
    ImageGeometry geometry;
    geometry.size = {3, 2, 2};
    LabelMap pseudo(geometry);
    LabelMap corrected(geometry);
    std::vector<uint8_t> codes = compareLabelMaps(pseudo, corrected);
    corrected.at(0, 0, 0) = 1;  // outside the box below: left as it was
    corrected.at(2, 1, 1) = 2;
    pseudo.at(1, 1, 1) = 1;
    VoxelBox box;
    box.include(1, 1, 1);
    box.include(5, 5, 5);  // beyond the grid: clipped
    updateLabelComparison(codes, pseudo, corrected, box);
    EXPECT_EQ(codes[0], 0);
    EXPECT_EQ(codes[geometry.linearIndex(2, 1, 1)], 2);  // added
    EXPECT_EQ(codes[geometry.linearIndex(1, 1, 1)], 1);  // removed
    updateLabelComparison(codes, pseudo, corrected, VoxelBox{});
    EXPECT_EQ(codes, (std::vector<uint8_t>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2}));
    std::vector<uint8_t> tooShort(3);
    EXPECT_THROW(updateLabelComparison(tooShort, pseudo, corrected, box), Error);
}

TEST_F(SliceOverlaysTest, ComparisonShowsRemovedAndAddedVoxels) {
    const LabelMap pseudo = test::twoBoxLabels(geometry);
    LabelMap corrected = pseudo;
    for (int64_t j = 5; j <= 14; ++j) {
        for (int64_t i = 5; i <= 9; ++i)
            corrected.at(i, j, 5) = 0;  // removed
    }
    for (int64_t j = 20; j <= 24; ++j) {
        for (int64_t i = 2; i <= 6; ++i)
            corrected.at(i, j, 5) = 1;  // added
    }
    std::vector<uint8_t> codes = compareLabelMaps(pseudo, corrected);
    slice->setComparison(&codes);
    slice->setComparisonOpacity(1.0);
    QImage image = grab(*view);
    EXPECT_TRUE(near(pixelAt(image, 7, 10), 230, 26, 26));           // removed: red
    EXPECT_TRUE(near(pixelAt(image, 4, 22), 26, 204, 51));           // added: green
    EXPECT_TRUE(near(pixelAt(image, 12, 10), kGrey, kGrey, kGrey));  // unchanged
    slice->setComparisonOpacity(0.5);
    image = grab(*view);
    EXPECT_TRUE(near(pixelAt(image, 7, 10), 179, 77, 77, 4));
    // An edit elsewhere in the slice: the shared codes change there, the view follows.
    slice->setComparisonOpacity(1.0);
    corrected.at(12, 10, 5) = 0;
    VoxelBox edited;
    edited.include(12, 10, 5);
    updateLabelComparison(codes, pseudo, corrected, edited);
    slice->comparisonModified(edited);
    EXPECT_TRUE(near(pixelAt(grab(*view), 12, 10), 230, 26, 26));
    slice->setComparisonVisible(false);
    EXPECT_TRUE(near(pixelAt(grab(*view), 7, 10), kGrey, kGrey, kGrey));
    std::vector<uint8_t> wrongSize(3);
    EXPECT_THROW(slice->setComparison(&wrongSize), Error);
}

TEST_F(SliceOverlaysTest, UncertaintyHeatMapFollowsTheValues) {
    Volume uncertainty(geometry);
    for (int64_t j = 0; j < 10; ++j) {
        for (int64_t i = 0; i < 10; ++i)
            uncertainty.at(i, j, 5) = 1.0f;
        for (int64_t i = 20; i < 30; ++i)
            uncertainty.at(i, j, 5) = 0.5f;
    }
    slice->setUncertainty(&uncertainty, 0.0, 1.0);
    slice->setUncertaintyOpacity(1.0);
    QImage image = grab(*view);
    test::saveScreenshotIfAsked(image, "slice-uncertainty");
    EXPECT_TRUE(near(pixelAt(image, 5, 5), 255, 255, 255, 4));       // hottest: white
    EXPECT_TRUE(near(pixelAt(image, 25, 5), 255, 128, 0, 4));        // middle: orange
    EXPECT_TRUE(near(pixelAt(image, 15, 20), kGrey, kGrey, kGrey));  // certain: image shows
    slice->setUncertaintyOpacity(0.5);
    EXPECT_TRUE(near(pixelAt(grab(*view), 5, 5), 191, 191, 191, 4));
    slice->setUncertaintyVisible(false);
    EXPECT_TRUE(near(pixelAt(grab(*view), 5, 5), kGrey, kGrey, kGrey));
}

TEST_F(SliceOverlaysTest, SgrsRegionsShowTheirColours) {
    std::vector<uint8_t> regions(geometry.voxelCount(), 0);
    for (int64_t i = 0; i < 40; ++i) {
        for (int64_t j = 0; j < 30; ++j) {
            const uint8_t code = i < 13 ? 1 : (i < 26 ? 2 : 3);
            regions[geometry.linearIndex(i, j, 5)] = code;
        }
    }
    slice->setSgrsRegions(regions);
    slice->setSgrsRegionsOpacity(1.0);
    const QImage image = grab(*view);
    test::saveScreenshotIfAsked(image, "slice-sgrs");
    EXPECT_TRUE(near(pixelAt(image, 5, 15), 26, 204, 51));   // consistent
    EXPECT_TRUE(near(pixelAt(image, 20, 15), 230, 26, 26));  // inconsistent
    EXPECT_TRUE(near(pixelAt(image, 33, 15), 255, 217, 0));  // uncertain
    slice->setSgrsRegionsVisible(false);
    EXPECT_TRUE(near(pixelAt(grab(*view), 5, 15), kGrey, kGrey, kGrey));
    EXPECT_THROW(slice->setSgrsRegions(std::vector<uint8_t>(7, 1)), Error);
}

TEST_F(SliceOverlaysTest, LabelsDrawOverTheOtherOverlays) {
    std::vector<uint8_t> regions(geometry.voxelCount(), 2);
    slice->setSgrsRegions(regions);
    slice->setSgrsRegionsOpacity(1.0);
    LabelMap labels = test::twoBoxLabels(geometry);
    slice->setLabelMap(&labels);
    slice->setClassColours({{0.0, 0.0, 1.0}});
    slice->setLabelOpacity(1.0);
    const QImage image = grab(*view);
    EXPECT_TRUE(near(pixelAt(image, 10, 10), 0, 0, 255));   // label on top
    EXPECT_TRUE(near(pixelAt(image, 35, 3), 230, 26, 26));  // region where no label
}

}  // namespace
}  // namespace segloop::render
