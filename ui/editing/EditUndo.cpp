#include "ui/editing/EditUndo.h"

#include <QAction>

#include "core/editing/EditSession.h"

namespace segloop::ui {

EditUndo::EditUndo(QObject* parent) : QObject(parent) {}

void EditUndo::setSession(EditSession* session, std::function<void(const VoxelBox&)> redraw) {
    session_ = session;
    redraw_ = std::move(redraw);
}

void EditUndo::changed() {
    Q_EMIT indexChanged();
}

void EditUndo::undo() {
    if (!canUndo())
        return;
    const VoxelBox box = session_->undo();
    if (redraw_)
        redraw_(box);
    Q_EMIT indexChanged();
}

void EditUndo::redo() {
    if (!canRedo())
        return;
    const VoxelBox box = session_->redo();
    if (redraw_)
        redraw_(box);
    Q_EMIT indexChanged();
}

bool EditUndo::canUndo() const {
    return session_ && session_->canUndo();
}

bool EditUndo::canRedo() const {
    return session_ && session_->canRedo();
}

QString EditUndo::undoText() const {
    return canUndo() ? QString::fromStdString(session_->undoDescription()) : QString();
}

QString EditUndo::redoText() const {
    return canRedo() ? QString::fromStdString(session_->redoDescription()) : QString();
}

int EditUndo::count() const {
    if (!session_)
        return 0;
    return int(session_->history().undoCount() + session_->history().redoCount());
}

bool EditUndo::isClean() const {
    return !session_ || !session_->isModified();
}

QAction* EditUndo::createUndoAction(QObject* parent, const QString& prefix) {
    auto* action = new QAction(prefix, parent);
    const auto follow = [this, action, prefix] {
        action->setEnabled(canUndo());
        action->setText(canUndo() ? prefix + " " + undoText() : prefix);
    };
    connect(action, &QAction::triggered, this, &EditUndo::undo);
    connect(this, &EditUndo::indexChanged, action, follow);
    follow();
    return action;
}

QAction* EditUndo::createRedoAction(QObject* parent, const QString& prefix) {
    auto* action = new QAction(prefix, parent);
    const auto follow = [this, action, prefix] {
        action->setEnabled(canRedo());
        action->setText(canRedo() ? prefix + " " + redoText() : prefix);
    };
    connect(action, &QAction::triggered, this, &EditUndo::redo);
    connect(this, &EditUndo::indexChanged, action, follow);
    follow();
    return action;
}

}  // namespace segloop::ui
