#include "ui/editing/LabelEditCommand.h"

#include "core/editing/EditSession.h"

namespace segloop::ui {

LabelEditCommand::LabelEditCommand(EditSession& session, const QString& text,
                                   std::function<void(const VoxelBox&)> changed)
    : QUndoCommand(text), session_(session), changed_(std::move(changed)) {}

void LabelEditCommand::undo() {
    if (!session_.canUndo()) {
        setObsolete(true);  // dropped from the session's bounded history
        return;
    }
    const VoxelBox box = session_.undo();
    applied_ = false;
    if (changed_)
        changed_(box);
}

void LabelEditCommand::redo() {
    if (applied_) {
        return;  // pushed after the session applied it
    }
    const VoxelBox box = session_.redo();
    applied_ = true;
    if (changed_)
        changed_(box);
}

}  // namespace segloop::ui
