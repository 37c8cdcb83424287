#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "core/editing/BrushStroke.h"
#include "core/editing/EditHistory.h"
#include "core/editing/EditSettings.h"
#include "core/editing/VoxelBox.h"
#include "core/image/LabelMap.h"
#include "core/image/Volume.h"

namespace segloop {

/// The correction of one label map on its image: brush and eraser strokes, flood fill, undo
/// and redo within a memory bound, and whether the map changed since it was last saved.
///
/// The API the ui wraps (GUI thread only; every call runs at once on the caller's thread):
///
///   beginStroke(brush, point)   starts a brush or eraser stroke and paints at `point`
///   addStrokePoint(point)       paints the swept brush from the previous point to `point`
///   endStroke()                 closes the stroke: it becomes ONE undo step ("Brush" or
///                               "Eraser"); a stroke that changed nothing records no step
///   floodFill(fill, seed)       fills from a seed voxel: one undo step ("Flood fill")
///   undo() / redo()             restore the map exactly; canUndo(), canRedo(),
///                               undoDescription(), redoDescription() for the Edit menu
///   isModified() / markSaved()  call markSaved() once labels() is saved (a new label version)
///   lastChangedRegion()         the box changed by the last call that changed voxels
///
/// Every call that changes voxels returns the box of voxels it changed (empty: none), so the
/// renderer updates only that part; endStroke() returns the whole stroke's box. Points are
/// continuous voxel indices (ImageGeometry::worldToIndex of a world position); seeds are voxel
/// indices. Points and seeds outside the grid are clipped or ignored, never an error. Painting
/// shows at once in labels(); floodFill, undo, redo and markSaved end an open stroke first, and
/// beginStroke ends one still open. A ui undo stack (QUndoStack) should call undo()/redo()
/// here rather than keep its own copies, and ask canUndo() since old steps may be dropped.
///
/// Owns the label map; holds a reference to the image, which must outlive the session. Neither
/// copyable nor movable (keep it in a unique_ptr).
class EditSession {
  public:
    /// Throws Error when the label map's grid size differs from the image's.
    EditSession(LabelMap labels, const Volume& image,
                size_t historyMemoryLimitBytes = EditHistory::kDefaultMemoryLimitBytes);
    ~EditSession();
    EditSession(const EditSession&) = delete;
    EditSession& operator=(const EditSession&) = delete;

    const LabelMap& labels() const { return labels_; }
    const Volume& image() const { return image_; }
    const EditHistory& history() const { return history_; }

    VoxelBox beginStroke(const BrushSettings& brush, const Vec3& voxelPoint);
    /// Ignored (empty box) when no stroke is open.
    VoxelBox addStrokePoint(const Vec3& voxelPoint);
    /// Returns the stroke's whole box (empty when no stroke was open or it changed nothing).
    VoxelBox endStroke();
    bool strokeInProgress() const { return stroke_ != nullptr; }

    VoxelBox floodFill(const FloodFillSettings& fill, const std::array<int64_t, 3>& seedVoxel);

    /// Applies an edit made elsewhere (recovered from a journal) to labels() as ONE undo step
    /// named `description`; `diff` must have been made on labels() as they are. Returns its box.
    VoxelBox applyEdit(const std::string& description, LabelDiff diff);

    VoxelBox undo();
    VoxelBox redo();
    bool canUndo() const;
    bool canRedo() const;
    std::string undoDescription() const;
    std::string redoDescription() const;

    /// True when labels() differs from the state at the last markSaved() (or at the start),
    /// an open stroke that changed voxels included.
    bool isModified() const;
    void markSaved();

    const VoxelBox& lastChangedRegion() const { return lastChangedRegion_; }

  private:
    VoxelBox noteChange(const VoxelBox& changed);

    LabelMap labels_;
    const Volume& image_;
    EditHistory history_;
    std::unique_ptr<BrushStroke> stroke_;
    VoxelBox lastChangedRegion_;
};

}  // namespace segloop
