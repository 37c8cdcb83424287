#pragma once

#include <functional>

#include <QObject>
#include <QString>

#include "core/editing/VoxelBox.h"

class QAction;

namespace segloop {
class EditSession;
}

namespace segloop::ui {

/// The window's undo and redo, as a view of the open case's one edit history: the EditSession's
/// EditHistory (memory-bounded, with the save point that says whether the case is modified).
/// It keeps no steps of its own, so the Edit menu, the title's modified mark and the journal
/// can never disagree with what undo can actually do (a second history beside the session's
/// could offer a step the session had already dropped for memory). Whoever records a step in
/// the session (a stroke, a flood fill, recovered edits) or saves it calls changed(). GUI
/// thread only.
class EditUndo : public QObject {
    Q_OBJECT

  public:
    explicit EditUndo(QObject* parent = nullptr);

    /// The session whose history undo and redo act on (nullptr: none, nothing to undo);
    /// `redraw` receives the voxels each undo or redo changed. Emits nothing: call changed()
    /// when the menu and the listeners should follow.
    void setSession(EditSession* session, std::function<void(const VoxelBox&)> redraw);
    /// The session's history changed outside undo() and redo(): a step recorded, a save.
    void changed();

    void undo();
    void redo();
    bool canUndo() const;
    bool canRedo() const;
    /// "Brush", "Flood fill", "Recovered edits"; empty when there is none.
    QString undoText() const;
    QString redoText() const;
    /// The steps kept: those undo can take back plus those redo can apply again.
    int count() const;
    /// The labels are as last saved (or loaded).
    bool isClean() const;

    /// Menu actions that follow the history: enabled when there is a step, named after it
    /// ("Undo Brush").
    QAction* createUndoAction(QObject* parent, const QString& prefix);
    QAction* createRedoAction(QObject* parent, const QString& prefix);

  Q_SIGNALS:
    /// After each recorded step, undo, redo, save and change of session.
    void indexChanged();

  private:
    EditSession* session_ = nullptr;
    std::function<void(const VoxelBox&)> redraw_;
};

}  // namespace segloop::ui
