// The EditSession the ui drives: one undo step per stroke, exact undo/redo over a mixed
// sequence of strokes, erasing and fills, the modified flag, changed regions, refusals.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/editing/EditSession.h"

namespace segloop {
namespace {

Volume rampVolume() {
    ImageGeometry geometry;
    geometry.size = {40, 32, 16};
    geometry.spacingMm = {0.8, 0.8, 2.0};
    Volume image(geometry);
    for (int64_t k = 0; k < 16; ++k) {
        for (int64_t j = 0; j < 32; ++j) {
            for (int64_t i = 0; i < 40; ++i) {
                image.at(i, j, k) = i < 20 ? 10.0f : 90.0f;  // two halves, dark and bright
            }
        }
    }
    return image;
}

BrushSettings brush(EditDimension dimension, double radiusMm, uint16_t label, bool erase = false) {
    BrushSettings settings;
    settings.dimension = dimension;
    settings.radiusMm = radiusMm;
    settings.activeClass = label;
    settings.erase = erase;
    return settings;
}

FloodFillSettings fill(EditDimension dimension, double low, double high, uint16_t label) {
    FloodFillSettings settings;
    settings.dimension = dimension;
    settings.lowIntensity = low;
    settings.highIntensity = high;
    settings.fillClass = label;
    return settings;
}

/// The box of voxels that differ between two maps.
VoxelBox differingBox(const LabelMap& a, const LabelMap& b) {
    VoxelBox box;
    const auto& size = a.geometry.size;
    for (int64_t k = 0; k < size[2]; ++k) {
        for (int64_t j = 0; j < size[1]; ++j) {
            for (int64_t i = 0; i < size[0]; ++i) {
                if (a.at(i, j, k) != b.at(i, j, k)) {
                    box.include(i, j, k);
                }
            }
        }
    }
    return box;
}

TEST(EditSessionTest, StrokeIsOneUndoStepAndShowsWhilePainting) {
    const Volume image = rampVolume();
    EditSession session(LabelMap(image.geometry), image);
    session.beginStroke(brush(EditDimension::Slice2D, 2.0, 1), {5.0, 5.0, 8.0});
    for (int point = 1; point <= 10; ++point) {
        session.addStrokePoint({5.0 + 3.0 * point, 5.0 + point, 8.0});
    }
    EXPECT_EQ(session.labels().at(35, 15, 8), 1);  // visible before the stroke ends
    EXPECT_TRUE(session.isModified());
    EXPECT_TRUE(session.canUndo());
    EXPECT_EQ(session.undoDescription(), "Brush");
    const VoxelBox whole = session.endStroke();
    EXPECT_EQ(session.history().undoCount(), 1u);
    EXPECT_EQ(session.lastChangedRegion(), whole);

    const VoxelBox undone = session.undo();
    EXPECT_EQ(undone, whole);
    EXPECT_EQ(std::count(session.labels().labels.begin(), session.labels().labels.end(), 1), 0);
    EXPECT_FALSE(session.canUndo());
    EXPECT_FALSE(session.isModified());
}

TEST(EditSessionTest, MixedEditsUndoAndRedoExactly) {
    const Volume image = rampVolume();
    LabelMap start(image.geometry);
    start.at(3, 3, 3) = 7;  // something that no edit should lose
    EditSession session(start, image);
    std::vector<LabelMap> states{session.labels()};
    std::vector<VoxelBox> regions;
    auto remember = [&](const VoxelBox& region) {
        EXPECT_EQ(region, differingBox(states.back(), session.labels()));
        regions.push_back(region);
        states.push_back(session.labels());
    };

    session.beginStroke(brush(EditDimension::Volume3D, 3.0, 1), {10.0, 10.0, 5.0});
    session.addStrokePoint({30.0, 20.0, 9.0});
    remember(session.endStroke());
    remember(session.floodFill(fill(EditDimension::Slice2D, 50, 100, 2), {30, 5, 9}));
    BrushSettings eraser = brush(EditDimension::Slice2D, 4.0, 0, true);
    eraser.plane = SlicePlane::Coronal;
    session.beginStroke(eraser, {25.0, 12.0, 9.0});
    session.addStrokePoint({25.0, 12.0, 2.0});
    remember(session.endStroke());
    FloodFillSettings overBackground = fill(EditDimension::Volume3D, 0, 50, 3);
    overBackground.drawOver = DrawOver::backgroundOnly();
    remember(session.floodFill(overBackground, {0, 0, 0}));
    BrushSettings overClass = brush(EditDimension::Volume3D, 6.0, 4);
    overClass.drawOver = DrawOver::onlyOverClass(2);
    session.beginStroke(overClass, {30.0, 16.0, 9.0});
    remember(session.endStroke());
    ASSERT_EQ(session.history().undoCount(), 5u);
    EXPECT_EQ(session.labels().at(3, 3, 3), 7);

    for (size_t step = 5; step > 0; --step) {
        ASSERT_EQ(session.labels().labels, states[step].labels) << "before undo " << step;
        EXPECT_EQ(session.undo(), regions[step - 1]);
        EXPECT_EQ(session.lastChangedRegion(), regions[step - 1]);
    }
    EXPECT_EQ(session.labels().labels, states[0].labels);
    EXPECT_FALSE(session.isModified());
    for (size_t step = 1; step <= 5; ++step) {
        EXPECT_EQ(session.redo(), regions[step - 1]);
        ASSERT_EQ(session.labels().labels, states[step].labels) << "after redo " << step;
    }
    EXPECT_FALSE(session.canRedo());

    session.undo();
    session.undo();
    EXPECT_EQ(session.redoDescription(), "Flood fill");
    session.beginStroke(brush(EditDimension::Volume3D, 2.0, 5), {5.0, 25.0, 3.0});
    EXPECT_FALSE(session.canRedo());  // the open stroke will drop the redo steps
    session.endStroke();
    EXPECT_FALSE(session.canRedo());
    EXPECT_EQ(session.history().undoCount(), 4u);
}

TEST(EditSessionTest, ModifiedRelativeToTheLastSave) {
    const Volume image = rampVolume();
    EditSession session(LabelMap(image.geometry), image);
    EXPECT_FALSE(session.isModified());
    session.floodFill(fill(EditDimension::Slice2D, 0, 20, 1), {2, 2, 4});
    EXPECT_TRUE(session.isModified());
    session.markSaved();
    EXPECT_FALSE(session.isModified());

    session.beginStroke(brush(EditDimension::Volume3D, 2.0, 2), {30.0, 20.0, 8.0});
    EXPECT_TRUE(session.isModified());  // an open stroke counts
    session.undo();                     // ends the stroke and undoes it
    EXPECT_FALSE(session.strokeInProgress());
    EXPECT_FALSE(session.isModified());
    session.undo();
    EXPECT_TRUE(session.isModified());
    session.redo();
    EXPECT_FALSE(session.isModified());

    // A stroke that changes nothing (already class 1 everywhere it passes) adds no step.
    session.beginStroke(brush(EditDimension::Slice2D, 1.0, 1), {2.0, 2.0, 4.0});
    EXPECT_TRUE(session.endStroke().empty());
    EXPECT_FALSE(session.isModified());
    EXPECT_EQ(session.history().undoCount(), 1u);

    // Saving during a stroke ends it: the saved state holds it.
    session.beginStroke(brush(EditDimension::Slice2D, 1.0, 3), {30.0, 2.0, 4.0});
    session.markSaved();
    EXPECT_FALSE(session.strokeInProgress());
    EXPECT_FALSE(session.isModified());
    EXPECT_EQ(session.history().undoCount(), 2u);
}

TEST(EditSessionTest, EditsOutsideTheVolumeChangeNothing) {
    const Volume image = rampVolume();
    EditSession session(LabelMap(image.geometry), image);
    EXPECT_TRUE(session.addStrokePoint({5.0, 5.0, 5.0}).empty());  // no stroke open
    session.beginStroke(brush(EditDimension::Volume3D, 3.0, 1), {-20.0, -20.0, -20.0});
    session.addStrokePoint({-20.0, 100.0, -20.0});
    EXPECT_TRUE(session.endStroke().empty());
    EXPECT_TRUE(session.floodFill(fill(EditDimension::Volume3D, 0, 100, 1), {40, 0, 0}).empty());
    EXPECT_FALSE(session.isModified());
    EXPECT_FALSE(session.canUndo());
    EXPECT_TRUE(session.lastChangedRegion().empty());
}

TEST(EditSessionTest, RefusesALabelMapOnAnotherGrid) {
    const Volume image = rampVolume();
    ImageGeometry other = image.geometry;
    other.size[2] = 15;
    EXPECT_THROW(EditSession(LabelMap(other), image), Error);
}

}  // namespace
}  // namespace segloop
