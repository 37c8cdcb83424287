#pragma once

#include <cstdint>
#include <vector>

#include <QWidget>

#include "storage/RecordKinds.h"
#include "ui/project/CaseRow.h"

class QLabel;
class QListWidget;

namespace segloop::ui {

/// The review queue: the project's cases worst predicted quality first (from the project's
/// quality scores); without scores it says so and orders them by label status. Accept, correct
/// and reject ask the window to record a review state; next and previous open the neighbours.
/// GUI thread only.
class ReviewQueuePanel : public QWidget {
    Q_OBJECT

  public:
    explicit ReviewQueuePanel(QWidget* parent = nullptr);

    void setRows(const std::vector<CaseRow>& rows);
    /// Marks the open case in the list (no signal).
    void setCurrentVolume(int64_t volumeId);
    const std::vector<int64_t>& order() const { return order_; }
    QString orderDescription() const;

    void openNext();
    void openPrevious();

  Q_SIGNALS:
    void openRequested(qint64 volumeId);
    /// Accept, Corrected (the "correct" button: open for correction) or Rejected.
    void reviewRequested(qint64 volumeId, segloop::ReviewState state);

  private:
    int64_t selectedVolume() const;
    void openAt(int row);

    std::vector<int64_t> order_;
    QLabel* description_ = nullptr;
    QListWidget* list_ = nullptr;
};

}  // namespace segloop::ui
