#pragma once

#include <functional>

#include <QUndoCommand>

#include "core/editing/VoxelBox.h"

namespace segloop {
class EditSession;
}

namespace segloop::ui {

/// One finished label edit (a brush or eraser stroke, a flood fill) on the undo stack. The
/// edit has already been applied by the EditSession when the command is pushed, so the first
/// redo() does nothing; later undo()/redo() call the session's own undo()/redo(), which restore
/// the map exactly, and report the changed box to `changed` so that the views redraw.
/// The session must outlive the command (the stack is cleared when the case closes).
/// GUI thread only.
class LabelEditCommand : public QUndoCommand {
  public:
    LabelEditCommand(EditSession& session, const QString& text,
                     std::function<void(const VoxelBox&)> changed);

    void undo() override;
    void redo() override;

  private:
    EditSession& session_;
    std::function<void(const VoxelBox&)> changed_;
    bool applied_ = true;
};

}  // namespace segloop::ui
