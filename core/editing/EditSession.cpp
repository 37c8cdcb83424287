#include "core/editing/EditSession.h"

#include <utility>

#include "core/Error.h"
#include "core/editing/FloodFill.h"

namespace segloop {

EditSession::EditSession(LabelMap labels, const Volume& image, size_t historyMemoryLimitBytes)
    : labels_(std::move(labels)), image_(image), history_(historyMemoryLimitBytes) {
    if (labels_.geometry.size != image_.geometry.size ||
        labels_.labels.size() != labels_.geometry.voxelCount() ||
        image_.voxels.size() != image_.geometry.voxelCount()) {
        throw Error("label editing", "the label map (" + labels_.geometry.describe() +
                                         ") does not lie on the image's grid (" +
                                         image_.geometry.describe() + ")");
    }
}

EditSession::~EditSession() = default;

VoxelBox EditSession::noteChange(const VoxelBox& changed) {
    if (!changed.empty()) {
        lastChangedRegion_ = changed;
    }
    return changed;
}

VoxelBox EditSession::beginStroke(const BrushSettings& brush, const Vec3& voxelPoint) {
    endStroke();
    stroke_ = std::make_unique<BrushStroke>(labels_, brush);
    return noteChange(stroke_->addPoint(voxelPoint));
}

VoxelBox EditSession::addStrokePoint(const Vec3& voxelPoint) {
    if (!stroke_) {
        return VoxelBox{};
    }
    return noteChange(stroke_->addPoint(voxelPoint));
}

VoxelBox EditSession::endStroke() {
    if (!stroke_) {
        return VoxelBox{};
    }
    const std::unique_ptr<BrushStroke> stroke = std::move(stroke_);
    const VoxelBox region = stroke->region();
    EditStep step{stroke->settings().erase ? "Eraser" : "Brush", stroke->finish()};
    history_.push(std::move(step));
    return noteChange(region);
}

VoxelBox EditSession::floodFill(const FloodFillSettings& fill,
                                const std::array<int64_t, 3>& seedVoxel) {
    endStroke();
    EditStep step{"Flood fill", segloop::floodFill(labels_, image_, fill, seedVoxel)};
    const VoxelBox region = step.diff.region();
    history_.push(std::move(step));
    return noteChange(region);
}

VoxelBox EditSession::applyEdit(const std::string& description, LabelDiff diff) {
    endStroke();
    diff.applyNew(labels_);
    const VoxelBox region = diff.region();
    history_.push(EditStep{description, std::move(diff)});
    return noteChange(region);
}

VoxelBox EditSession::undo() {
    endStroke();
    return noteChange(history_.undo(labels_));
}

VoxelBox EditSession::redo() {
    endStroke();
    return noteChange(history_.redo(labels_));
}

bool EditSession::canUndo() const {
    return history_.canUndo() || (stroke_ && stroke_->changedAnything());
}

bool EditSession::canRedo() const {
    // A stroke that changed voxels drops the redo steps once it ends.
    return history_.canRedo() && !(stroke_ && stroke_->changedAnything());
}

std::string EditSession::undoDescription() const {
    if (stroke_ && stroke_->changedAnything()) {
        return stroke_->settings().erase ? "Eraser" : "Brush";
    }
    return history_.undoDescription();
}

std::string EditSession::redoDescription() const {
    return canRedo() ? history_.redoDescription() : std::string();
}

bool EditSession::isModified() const {
    return history_.isModified() || (stroke_ && stroke_->changedAnything());
}

void EditSession::markSaved() {
    endStroke();
    history_.markSaved();
}

}  // namespace segloop
