#include "ui/project/ReviewQueuePanel.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace segloop::ui {
namespace {

QString strategyText(ReviewStrategy strategy) {
    QString text = QString::fromStdString(reviewStrategySummary(strategy));
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text + ".";
}

QString scoreText(const ReviewCandidate& candidate) {
    QString text;
    if (candidate.predictedQuality)
        text += QString("   Q %1").arg(*candidate.predictedQuality, 0, 'f', 2);
    if (candidate.entropy)
        text += QString("   H %1").arg(*candidate.entropy, 0, 'f', 3);
    if (candidate.epistemic)
        text += QString("   MI %1").arg(*candidate.epistemic, 0, 'e', 1);
    return text;
}

}  // namespace

ReviewQueuePanel::ReviewQueuePanel(QWidget* parent) : QWidget(parent) {
    strategyBox_ = new QComboBox(this);
    strategyBox_->setObjectName("reviewStrategy");
    for (ReviewStrategy strategy : reviewStrategies())
        strategyBox_->addItem(QString::fromUtf8(toString(strategy)), static_cast<int>(strategy));
    strategyBox_->setToolTip(tr("Which cases come first (as segloop-cli review-queue --strategy)"));
    description_ = new QLabel(this);
    description_->setObjectName("reviewOrderDescription");
    description_->setWordWrap(true);
    list_ = new QListWidget(this);
    list_->setObjectName("reviewQueue");
    auto* buttons = new QGridLayout();
    const struct {
        const char* text;
        const char* name;
        const char* tip;
        int row;
        int column;
    } specs[] = {{"Accept", "reviewAccept", "The label is right (A)", 0, 0},
                 {"Correct", "reviewCorrect", "Correct the label with the brush (C)", 0, 1},
                 {"Reject", "reviewReject", "The label is unusable (R)", 0, 2},
                 {"Previous", "reviewPrevious", "Previous case in the queue (P)", 1, 0},
                 {"Release", "reviewRelease", "Give the case back to the queue for others", 1, 1},
                 {"Next", "reviewNext", "Next case in the queue (Space)", 1, 2}};
    std::map<std::string, QPushButton*> made;
    for (const auto& spec : specs) {
        auto* button = new QPushButton(tr(spec.text), this);
        button->setObjectName(spec.name);
        button->setToolTip(tr(spec.tip));
        buttons->addWidget(button, spec.row, spec.column);
        made[spec.name] = button;
    }
    mineOnly_ = new QCheckBox(tr("Taken by me"), this);
    mineOnly_->setObjectName("reviewMineOnly");
    mineOnly_->setToolTip(tr("Only the cases you took and have not decided yet"));
    auto* strategyRow = new QHBoxLayout();
    strategyRow->addWidget(new QLabel(tr("Order by"), this));
    strategyRow->addWidget(strategyBox_, 1);
    strategyRow->addWidget(mineOnly_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(strategyRow);
    layout->addWidget(description_);
    layout->addWidget(list_, 1);
    layout->addLayout(buttons);

    auto request = [this](ReviewState state) {
        const int64_t volumeId = selectedVolume();
        if (volumeId > 0)
            Q_EMIT reviewRequested(volumeId, state);
    };
    connect(made["reviewAccept"], &QPushButton::clicked, this,
            [request] { request(ReviewState::Accepted); });
    connect(made["reviewCorrect"], &QPushButton::clicked, this,
            [request] { request(ReviewState::Corrected); });
    connect(made["reviewReject"], &QPushButton::clicked, this,
            [request] { request(ReviewState::Rejected); });
    connect(made["reviewRelease"], &QPushButton::clicked, this,
            [request] { request(ReviewState::Pending); });
    connect(mineOnly_, &QCheckBox::toggled, this, [this] { rebuildList(); });
    connect(made["reviewNext"], &QPushButton::clicked, this, &ReviewQueuePanel::openNext);
    connect(made["reviewPrevious"], &QPushButton::clicked, this, &ReviewQueuePanel::openPrevious);
    connect(list_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { openAt(list_->row(item)); });
    connect(strategyBox_, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            setStrategy(static_cast<ReviewStrategy>(strategyBox_->itemData(index).toInt()));
    });
    rebuildList();
}

void ReviewQueuePanel::setCases(ReviewQueueCases cases, std::map<int64_t, QString> names) {
    cases_ = std::move(cases);
    names_ = std::move(names);
    rebuildList();
}

void ReviewQueuePanel::setStrategy(ReviewStrategy strategy) {
    const int index = strategyBox_->findData(static_cast<int>(strategy));
    if (index != strategyBox_->currentIndex())
        strategyBox_->setCurrentIndex(index);  // re-enters
    if (strategy == strategy_)
        return;
    strategy_ = strategy;
    rebuildList();
}

void ReviewQueuePanel::setRandomSeed(uint64_t seed) {
    seed_ = seed;
    rebuildList();
}

void ReviewQueuePanel::rebuildList() {
    const int64_t current = selectedVolume();
    std::vector<ReviewCandidate> shown;
    for (const ReviewCandidate& candidate : cases_.candidates) {
        if (!mineOnly_->isChecked() || takenByThisUser(candidate.volumeId))
            shown.push_back(candidate);
    }
    ordered_ = orderForReview(shown, strategy_, seed_);
    order_.clear();
    size_t unscored = 0;
    list_->clear();
    for (const ReviewCandidate& candidate : ordered_) {
        order_.push_back(candidate.volumeId);
        if (!strategyScore(candidate, strategy_) && strategy_ != ReviewStrategy::Random)
            ++unscored;
        const auto name = names_.find(candidate.volumeId);
        QString text =
            name != names_.end() ? name->second : QString("volume %1").arg(candidate.volumeId);
        if (takenByThisUser(candidate.volumeId))
            text += tr("  [in review]");
        text += scoreText(candidate);
        auto* item = new QListWidgetItem(text, list_);
        item->setData(Qt::UserRole, qlonglong(candidate.volumeId));
    }
    QString description = strategyText(strategy_);
    if (ordered_.empty()) {
        description = tr("No pseudo-labels wait for review.");
    } else if (unscored > 0) {
        description += tr(" %1 of %2 without this score, listed last (Predict scores new "
                          "pseudo-labels once the project has a quality predictor).")
                           .arg(unscored)
                           .arg(ordered_.size());
    }
    description_->setText(description);
    setCurrentVolume(current);
}

void ReviewQueuePanel::setCurrentVolume(int64_t volumeId) {
    for (int row = 0; row < list_->count(); ++row) {
        if (list_->item(row)->data(Qt::UserRole).toLongLong() == volumeId) {
            list_->setCurrentRow(row);
            return;
        }
    }
}

QString ReviewQueuePanel::orderDescription() const {
    return description_->text();
}

std::optional<ReviewCandidate> ReviewQueuePanel::candidate(int64_t volumeId) const {
    for (const ReviewCandidate& candidate : ordered_) {
        if (candidate.volumeId == volumeId)
            return candidate;
    }
    return std::nullopt;
}

bool ReviewQueuePanel::takenByThisUser(int64_t volumeId) const {
    return cases_.takenByReviewer.count(volumeId) > 0;
}

void ReviewQueuePanel::openNext() {
    openAt(list_->currentRow() + 1);
}

void ReviewQueuePanel::openPrevious() {
    openAt(std::max(0, list_->currentRow() - 1));
}

int64_t ReviewQueuePanel::selectedVolume() const {
    const QListWidgetItem* item = list_ ? list_->currentItem() : nullptr;
    return item ? item->data(Qt::UserRole).toLongLong() : 0;
}

void ReviewQueuePanel::openAt(int row) {
    if (row < 0 || row >= list_->count())
        return;
    list_->setCurrentRow(row);
    Q_EMIT openRequested(list_->item(row)->data(Qt::UserRole).toLongLong());
}

}  // namespace segloop::ui
