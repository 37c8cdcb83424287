#include "ui/project/ReviewQueuePanel.h"

#include <algorithm>
#include <map>

#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace segloop::ui {

ReviewQueuePanel::ReviewQueuePanel(QWidget* parent) : QWidget(parent) {
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
                 {"Next", "reviewNext", "Next case in the queue (Space)", 1, 2}};
    std::map<std::string, QPushButton*> made;
    for (const auto& spec : specs) {
        auto* button = new QPushButton(tr(spec.text), this);
        button->setObjectName(spec.name);
        button->setToolTip(tr(spec.tip));
        buttons->addWidget(button, spec.row, spec.column);
        made[spec.name] = button;
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
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
    connect(made["reviewNext"], &QPushButton::clicked, this, &ReviewQueuePanel::openNext);
    connect(made["reviewPrevious"], &QPushButton::clicked, this, &ReviewQueuePanel::openPrevious);
    connect(list_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { openAt(list_->row(item)); });
}

void ReviewQueuePanel::setRows(const std::vector<CaseRow>& rows) {
    const int64_t current = selectedVolume();
    bool byQuality = false;
    order_ = reviewOrder(rows, &byQuality);
    description_->setText(byQuality ? tr("Worst predicted quality first.")
                                    : tr("No quality scores in this project yet: ordered by label "
                                         "status (pseudo, corrected, none, human)."));
    std::map<int64_t, const CaseRow*> byId;
    for (const CaseRow& row : rows)
        byId[row.record.volumeId] = &row;
    list_->clear();
    for (int64_t volumeId : order_) {
        const CaseRow& row = *byId[volumeId];
        QString text = QString("%1   %2").arg(QString::fromStdString(row.name),
                                              labelStatusText(row.record.labelStatus));
        if (row.predictedQuality)
            text += QString("   Q %1").arg(*row.predictedQuality, 0, 'f', 2);
        if (row.record.reviewState)
            text += QString("   [%1]").arg(toString(*row.record.reviewState));
        auto* item = new QListWidgetItem(text, list_);
        item->setData(Qt::UserRole, qlonglong(volumeId));
    }
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

void ReviewQueuePanel::openNext() {
    openAt(list_->currentRow() + 1);
}

void ReviewQueuePanel::openPrevious() {
    openAt(std::max(0, list_->currentRow() - 1));
}

int64_t ReviewQueuePanel::selectedVolume() const {
    const QListWidgetItem* item = list_->currentItem();
    return item ? item->data(Qt::UserRole).toLongLong() : 0;
}

void ReviewQueuePanel::openAt(int row) {
    if (row < 0 || row >= list_->count())
        return;
    list_->setCurrentRow(row);
    Q_EMIT openRequested(list_->item(row)->data(Qt::UserRole).toLongLong());
}

}  // namespace segloop::ui
