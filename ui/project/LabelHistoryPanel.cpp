#include "ui/project/LabelHistoryPanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "storage/Timestamp.h"

namespace segloop::ui {

LabelHistoryPanel::LabelHistoryPanel(QWidget* parent) : QWidget(parent) {
    table_ = new QTableWidget(0, 7, this);
    table_->setObjectName("labelHistoryTable");
    table_->setHorizontalHeaderLabels({tr("Version"), tr("Kind"), tr("Author"), tr("Time"),
                                       tr("Model"), tr("Quality"), tr("Changed voxels")});
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    show_ = new QPushButton(tr("Show"), this);
    show_->setObjectName("historyShow");
    show_->setToolTip(tr("Open this version in the viewer"));
    revert_ = new QPushButton(tr("Revert to this version"), this);
    revert_->setObjectName("historyRevert");
    revert_->setToolTip(
        tr("Save a new version copying this one: it becomes the label of "
           "record; nothing is overwritten"));
    auto* buttons = new QHBoxLayout();
    buttons->addWidget(show_);
    buttons->addWidget(revert_);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(table_, 1);
    layout->addLayout(buttons);
    connect(show_, &QPushButton::clicked, this, [this] {
        if (const int64_t id = selectedVersion())
            Q_EMIT showRequested(id);
    });
    connect(revert_, &QPushButton::clicked, this, [this] {
        if (const int64_t id = selectedVersion())
            Q_EMIT revertRequested(id);
    });
    connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        Q_EMIT showRequested(table_->item(row, 0)->data(Qt::UserRole).toLongLong());
    });
}

void LabelHistoryPanel::setHistory(std::vector<LabelHistoryEntry> history) {
    history_ = std::move(history);
    table_->setRowCount(int(history_.size()));
    for (int row = 0; row < int(history_.size()); ++row) {
        const LabelHistoryEntry& entry = history_[size_t(row)];
        const LabelVersionRecord& version = entry.version;
        QString kind = QString::fromUtf8(toString(version.provenance));
        if (entry.labelOfRecord)
            kind += tr(" (of record)");
        if (entry.rejected)
            kind += tr(" (rejected)");
        const QString cells[] = {
            QString("v%1").arg(version.id),
            kind,
            QString::fromStdString(version.author),
            QString::fromStdString(readableTimestamp(version.createdAt)),
            QString::fromStdString(entry.modelName),
            entry.predictedQuality ? QString::number(*entry.predictedQuality, 'f', 3) : QString(),
            entry.voxelsChanged ? QString::number(*entry.voxelsChanged) : QString()};
        for (int column = 0; column < 7; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setData(Qt::UserRole, qlonglong(version.id));
            table_->setItem(row, column, item);
        }
    }
    show_->setEnabled(!history_.empty());
    revert_->setEnabled(!history_.empty());
}

void LabelHistoryPanel::selectVersion(int64_t labelVersionId) {
    for (int row = 0; row < table_->rowCount(); ++row) {
        if (table_->item(row, 0)->data(Qt::UserRole).toLongLong() == labelVersionId) {
            const QSignalBlocker block(table_);
            table_->selectRow(row);
            return;
        }
    }
}

int64_t LabelHistoryPanel::selectedVersion() const {
    const QList<QTableWidgetItem*> items = table_->selectedItems();
    return items.empty() ? 0 : items.front()->data(Qt::UserRole).toLongLong();
}

}  // namespace segloop::ui
