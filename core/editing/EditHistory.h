#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

#include "core/editing/LabelDiff.h"
#include "core/editing/VoxelBox.h"
#include "core/image/LabelMap.h"

namespace segloop {

/// One undoable edit: what it is called in the Edit menu ("Brush", "Eraser", "Flood fill")
/// and the voxels it changed.
struct EditStep {
    std::string description;
    LabelDiff diff;

    size_t memoryBytes() const {
        return sizeof(EditStep) + description.capacity() + diff.memoryBytes();
    }
};

/// The undo/redo history of one label map, bounded in memory, with a save point.
///
/// push() records an edit already applied to the map and drops every redo step. When the
/// steps together hold more than `memoryLimitBytes`, the oldest are dropped (the newest step is
/// always kept, however large). isModified() says whether the map differs from the state it had
/// at the last markSaved() (or at construction): undoing back to that state makes it
/// unmodified again; a save point that can no longer be reached (its redo steps were dropped
/// by a new edit, or it is older than the oldest kept step) stays modified. The history does
/// not hold the map: undo() and redo() are given it, and it must be the map the steps were
/// made on, unchanged by anything else since. Not thread-safe; GUI thread in the app.
class EditHistory {
  public:
    static constexpr size_t kDefaultMemoryLimitBytes = size_t{256} << 20;

    explicit EditHistory(size_t memoryLimitBytes = kDefaultMemoryLimitBytes);

    /// Records an applied edit. An empty diff is not recorded (nothing to undo).
    void push(EditStep step);

    bool canUndo() const { return cursor_ > 0; }
    bool canRedo() const { return cursor_ < steps_.size(); }
    /// Undoes the newest applied step; returns the box it changed (empty when nothing to undo).
    VoxelBox undo(LabelMap& labels);
    /// Re-applies the step undone last; returns the box it changed (empty when nothing to redo).
    VoxelBox redo(LabelMap& labels);

    /// Description of the step undo() / redo() would act on ("" when none).
    std::string undoDescription() const;
    std::string redoDescription() const;

    size_t undoCount() const { return cursor_; }
    size_t redoCount() const { return steps_.size() - cursor_; }
    size_t memoryBytes() const { return memoryBytes_; }
    size_t memoryLimitBytes() const { return memoryLimitBytes_; }

    bool isModified() const { return !savePointValid_ || savePoint_ != position(); }
    /// The map's present state is the saved one.
    void markSaved();
    /// Forgets every step (the save point stays where the map is now only if it was there).
    void clear();

  private:
    /// Edits applied since the history began, counting dropped ones: names a map state.
    uint64_t position() const { return droppedCount_ + cursor_; }
    void dropOldestBeyondLimit();

    size_t memoryLimitBytes_;
    std::deque<EditStep> steps_;
    size_t cursor_ = 0;  ///< steps_[0, cursor_) are applied; the rest can be redone.
    size_t memoryBytes_ = 0;
    uint64_t droppedCount_ = 0;
    uint64_t savePoint_ = 0;
    bool savePointValid_ = true;
};

}  // namespace segloop
