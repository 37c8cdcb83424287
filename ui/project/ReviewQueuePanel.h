#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include <QString>
#include <QWidget>

#include "learning/scoring/ReviewOrdering.h"
#include "storage/RecordKinds.h"
#include "workflow/ReviewQueue.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;

namespace segloop::ui {

/// The review queue: the pseudo-labels waiting for review and those this user has taken, in the
/// order of the chosen strategy (quality, entropy, epistemic, random: orderForReview, the rule
/// `segloop-cli review-queue --strategy` uses; default quality). Opening a case asks the window
/// to take it for this user (openRequested), so it is never handed to another reviewer. Accept,
/// correct, reject and release ask the window to record a decision; next and previous open the
/// neighbours; "Taken by me" filters the list to this user's cases. GUI thread only.
class ReviewQueuePanel : public QWidget {
    Q_OBJECT

  public:
    explicit ReviewQueuePanel(QWidget* parent = nullptr);

    /// The cases to list and their names (volume id -> name); keeps the selection.
    void setCases(ReviewQueueCases cases, std::map<int64_t, QString> names);
    void setStrategy(ReviewStrategy strategy);
    ReviewStrategy strategy() const { return strategy_; }
    /// Seed of the random strategy (default 1, as the CLI's --seed).
    void setRandomSeed(uint64_t seed);

    /// Marks the open case in the list (no signal).
    void setCurrentVolume(int64_t volumeId);
    /// Volume ids in the order shown.
    const std::vector<int64_t>& order() const { return order_; }
    QString orderDescription() const;
    /// The listed case of a volume; nullopt when it is not in the queue.
    std::optional<ReviewCandidate> candidate(int64_t volumeId) const;
    bool takenByThisUser(int64_t volumeId) const;

    void openNext();
    void openPrevious();

  Q_SIGNALS:
    void openRequested(qint64 volumeId);
    /// Accept, Corrected (the "correct" button: open for correction), Rejected or Pending (the
    /// "release" button: give a case this user took back).
    void reviewRequested(qint64 volumeId, segloop::ReviewState state);

  private:
    void rebuildList();
    int64_t selectedVolume() const;
    void openAt(int row);

    ReviewQueueCases cases_;
    std::map<int64_t, QString> names_;
    ReviewStrategy strategy_ = ReviewStrategy::Quality;
    uint64_t seed_ = 1;
    std::vector<ReviewCandidate> ordered_;
    std::vector<int64_t> order_;
    QComboBox* strategyBox_ = nullptr;
    QCheckBox* mineOnly_ = nullptr;  ///< "Taken by me": only this user's open cases
    QLabel* description_ = nullptr;
    QListWidget* list_ = nullptr;
};

}  // namespace segloop::ui
