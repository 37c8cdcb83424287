// Label diffs (run-length encoding, merging of repeated voxels, change boxes) and the undo
// history: exact undo/redo, the memory bound dropping the oldest steps, the save point.
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "core/editing/EditHistory.h"
#include "core/editing/LabelDiff.h"

namespace segloop {
namespace {

ImageGeometry grid(int64_t nx, int64_t ny, int64_t nz) {
    ImageGeometry geometry;
    geometry.size = {nx, ny, nz};
    return geometry;
}

/// Sets voxels [first, first + count) of `labels` to `value`, recording the change.
EditStep fillRange(LabelMap& labels, size_t first, size_t count, uint16_t value,
                   const char* description = "edit") {
    LabelDiffBuilder builder(labels.geometry);
    for (size_t index = first; index < first + count; ++index) {
        builder.record(index, labels.labels[index], value);
        labels.labels[index] = value;
    }
    return EditStep{description, builder.finish()};
}

TEST(EditHistoryTest, DiffEncodesSortedChangesAsRuns) {
    const ImageGeometry geometry = grid(10, 10, 10);
    LabelDiffBuilder builder(geometry);
    for (size_t index = 100; index < 120; ++index) {
        builder.record(index, index < 110 ? 0 : 2, 1);  // two runs: old 0, then old 2
    }
    builder.record(200, 5, 5);  // no change: left out
    builder.record(305, 0, 7);
    const LabelDiff diff = builder.finish();
    ASSERT_EQ(diff.runs().size(), 3u);
    EXPECT_EQ(diff.runs()[0].start, 100u);
    EXPECT_EQ(diff.runs()[0].length, 10u);
    EXPECT_EQ(diff.runs()[1].oldLabel, 2);
    EXPECT_EQ(diff.runs()[2].newLabel, 7);
    EXPECT_EQ(diff.voxelCount(), 21u);
    // Index 100..119 are rows 0 and 1 of slice 1 (a run over two rows spans the full width);
    // index 305 is (5, 0, 3).
    EXPECT_EQ(diff.region().min, (std::array<int64_t, 3>{0, 0, 1}));
    EXPECT_EQ(diff.region().max, (std::array<int64_t, 3>{9, 1, 3}));
}

TEST(EditHistoryTest, DiffMergesRepeatedVoxelsKeepingFirstOldAndLastNew) {
    const ImageGeometry geometry = grid(8, 8, 1);
    LabelDiffBuilder builder(geometry);
    builder.record(10, 0, 1);
    builder.record(11, 0, 1);
    builder.record(5, 3, 1);   // out of order
    builder.record(10, 1, 4);  // 10 again: 0 -> 4 in all
    builder.record(11, 1, 0);  // 11 back where it began: no change
    const LabelDiff diff = builder.finish();
    ASSERT_EQ(diff.runs().size(), 2u);
    EXPECT_EQ(diff.runs()[0].start, 5u);
    EXPECT_EQ(diff.runs()[0].oldLabel, 3);
    EXPECT_EQ(diff.runs()[1].start, 10u);
    EXPECT_EQ(diff.runs()[1].oldLabel, 0);
    EXPECT_EQ(diff.runs()[1].newLabel, 4);
    EXPECT_EQ(diff.voxelCount(), 2u);
    EXPECT_EQ(diff.region().min, (std::array<int64_t, 3>{2, 0, 0}));
    EXPECT_EQ(diff.region().max, (std::array<int64_t, 3>{5, 1, 0}));
}

TEST(EditHistoryTest, UndoAndRedoRestoreEveryStateExactly) {
    LabelMap labels(grid(16, 16, 4));
    EditHistory history;
    std::vector<std::vector<uint16_t>> states{labels.labels};
    const size_t firsts[] = {3, 40, 35, 500, 0, 100};
    const size_t counts[] = {50, 20, 200, 24, 1024, 7};
    const uint16_t values[] = {1, 2, 0, 3, 0, 4};  // erasing too: each step changes something
    for (int step = 0; step < 6; ++step) {
        history.push(fillRange(labels, firsts[step], counts[step], values[step]));
        states.push_back(labels.labels);
    }
    EXPECT_EQ(history.undoCount(), 6u);
    for (size_t state = states.size() - 1; state > 0; --state) {
        ASSERT_EQ(labels.labels, states[state]);
        history.undo(labels);
    }
    EXPECT_EQ(labels.labels, states[0]);
    EXPECT_FALSE(history.canUndo());
    EXPECT_TRUE(history.undo(labels).empty());
    for (size_t state = 1; state < states.size(); ++state) {
        history.redo(labels);
        ASSERT_EQ(labels.labels, states[state]);
    }
    EXPECT_FALSE(history.canRedo());
}

TEST(EditHistoryTest, NewEditAfterUndoDropsTheRedoSteps) {
    LabelMap labels(grid(8, 8, 8));
    EditHistory history;
    history.push(fillRange(labels, 0, 10, 1, "first"));
    history.push(fillRange(labels, 20, 10, 1, "second"));
    history.undo(labels);
    EXPECT_EQ(history.redoDescription(), "second");
    history.push(fillRange(labels, 40, 10, 2, "third"));
    EXPECT_FALSE(history.canRedo());
    EXPECT_EQ(history.undoCount(), 2u);
    EXPECT_EQ(history.undoDescription(), "third");
}

TEST(EditHistoryTest, MemoryBoundDropsTheOldestSteps) {
    LabelMap labels(grid(64, 64, 8));
    // Alternating values, so every voxel is its own run: a step of 200 voxels holds 3.2 kB.
    auto checkerStep = [&labels](size_t first) {
        LabelDiffBuilder builder(labels.geometry);
        for (size_t index = first; index < first + 400; index += 2) {
            builder.record(index, labels.labels[index], 1);
            labels.labels[index] = 1;
        }
        return EditStep{"edit", builder.finish()};
    };
    EditStep probe = checkerStep(0);
    const size_t stepBytes = probe.memoryBytes();
    probe.diff.applyOld(labels);
    EditHistory history(stepBytes * 3 + stepBytes / 2);

    std::vector<std::vector<uint16_t>> states{labels.labels};
    for (size_t step = 0; step < 6; ++step) {
        history.push(checkerStep(step * 1000));
        states.push_back(labels.labels);
        EXPECT_LE(history.memoryBytes(), history.memoryLimitBytes());
    }
    EXPECT_EQ(history.undoCount(), 3u);
    while (history.canUndo()) {
        history.undo(labels);
    }
    EXPECT_EQ(labels.labels, states[3]);  // the three oldest steps can no longer be undone
    EXPECT_NE(labels.labels, states[0]);

    // The newest step stays, however large.
    EditHistory tiny(16);
    tiny.push(checkerStep(20000));
    tiny.push(checkerStep(21000));
    EXPECT_EQ(tiny.undoCount(), 1u);
    EXPECT_TRUE(tiny.canUndo());
}

TEST(EditHistoryTest, ModifiedFollowsTheSavePoint) {
    LabelMap labels(grid(8, 8, 8));
    EditHistory history;
    EXPECT_FALSE(history.isModified());
    history.push(EditStep{"nothing", LabelDiff{}});  // an empty edit changes nothing
    EXPECT_FALSE(history.isModified());
    EXPECT_FALSE(history.canUndo());

    history.push(fillRange(labels, 0, 10, 1));
    EXPECT_TRUE(history.isModified());
    history.undo(labels);
    EXPECT_FALSE(history.isModified());  // back at the saved state
    history.redo(labels);
    EXPECT_TRUE(history.isModified());
    history.markSaved();
    EXPECT_FALSE(history.isModified());
    history.push(fillRange(labels, 20, 10, 2));
    EXPECT_TRUE(history.isModified());
    history.undo(labels);
    EXPECT_FALSE(history.isModified());
    history.undo(labels);
    EXPECT_TRUE(history.isModified());

    // Saved state lies in the redo steps; a new edit drops them: modified for good, even though
    // the history is again one step deep.
    history.push(fillRange(labels, 60, 4, 3));
    EXPECT_EQ(history.undoCount(), 1u);
    EXPECT_TRUE(history.isModified());
    history.undo(labels);
    EXPECT_TRUE(history.isModified());  // the state before the saved edit, not the saved one
}

TEST(EditHistoryTest, SavePointOlderThanTheOldestKeptStepStaysModified) {
    LabelMap labels(grid(32, 32, 4));
    EditStep probe = fillRange(labels, 0, 1, 1);
    probe.diff.applyOld(labels);
    EditHistory history(probe.memoryBytes() * 2);
    history.markSaved();
    for (size_t step = 0; step < 4; ++step) {
        history.push(fillRange(labels, step * 2, 1, 1));
    }
    while (history.canUndo()) {
        history.undo(labels);
    }
    EXPECT_TRUE(history.isModified());
}

}  // namespace
}  // namespace segloop
