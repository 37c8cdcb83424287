#pragma once

#include <vector>

#include <QWidget>

#include "workflow/LabelEdits.h"

class QPushButton;
class QTableWidget;

namespace segloop::ui {

/// The open case's label history: every label version (kind, author, time, model, predicted
/// quality, voxels changed against its parent; the label of record and a rejected pseudo-label
/// marked), from the workflow's labelHistory. "Show" asks the window to open a version in the
/// viewer, "Revert" to make it the label of record again (a new version copying it).
/// GUI thread only.
class LabelHistoryPanel : public QWidget {
    Q_OBJECT

  public:
    explicit LabelHistoryPanel(QWidget* parent = nullptr);

    /// The versions to list, oldest first (empty: no case open).
    void setHistory(std::vector<LabelHistoryEntry> history);
    const std::vector<LabelHistoryEntry>& history() const { return history_; }
    /// Selects the row of a version (no signal).
    void selectVersion(int64_t labelVersionId);

  Q_SIGNALS:
    void showRequested(qint64 labelVersionId);
    void revertRequested(qint64 labelVersionId);

  private:
    int64_t selectedVersion() const;

    std::vector<LabelHistoryEntry> history_;
    QTableWidget* table_ = nullptr;
    QPushButton* show_ = nullptr;
    QPushButton* revert_ = nullptr;
};

}  // namespace segloop::ui
