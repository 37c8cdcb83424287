#include "core/editing/EditHistory.h"

#include <utility>

namespace segloop {

EditHistory::EditHistory(size_t memoryLimitBytes) : memoryLimitBytes_(memoryLimitBytes) {}

void EditHistory::push(EditStep step) {
    if (step.diff.empty()) {
        return;
    }
    if (savePointValid_ && savePoint_ > position()) {
        savePointValid_ = false;  // the saved state lay in the redo steps dropped now
    }
    while (steps_.size() > cursor_) {
        memoryBytes_ -= steps_.back().memoryBytes();
        steps_.pop_back();
    }
    memoryBytes_ += step.memoryBytes();
    steps_.push_back(std::move(step));
    ++cursor_;
    dropOldestBeyondLimit();
}

void EditHistory::dropOldestBeyondLimit() {
    while (steps_.size() > 1 && memoryBytes_ > memoryLimitBytes_) {
        memoryBytes_ -= steps_.front().memoryBytes();
        steps_.pop_front();
        --cursor_;
        ++droppedCount_;
    }
}

VoxelBox EditHistory::undo(LabelMap& labels) {
    if (!canUndo()) {
        return VoxelBox{};
    }
    --cursor_;
    const LabelDiff& diff = steps_[cursor_].diff;
    diff.applyOld(labels);
    return diff.region();
}

VoxelBox EditHistory::redo(LabelMap& labels) {
    if (!canRedo()) {
        return VoxelBox{};
    }
    const LabelDiff& diff = steps_[cursor_].diff;
    diff.applyNew(labels);
    ++cursor_;
    return diff.region();
}

std::string EditHistory::undoDescription() const {
    return canUndo() ? steps_[cursor_ - 1].description : std::string();
}

std::string EditHistory::redoDescription() const {
    return canRedo() ? steps_[cursor_].description : std::string();
}

void EditHistory::markSaved() {
    savePoint_ = position();
    savePointValid_ = true;
}

void EditHistory::clear() {
    const bool wasModified = isModified();
    steps_.clear();
    cursor_ = 0;
    memoryBytes_ = 0;
    droppedCount_ = 0;
    savePoint_ = 0;
    savePointValid_ = !wasModified;
}

}  // namespace segloop
