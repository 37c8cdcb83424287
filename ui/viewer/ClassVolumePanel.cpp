#include "ui/viewer/ClassVolumePanel.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace segloop::ui {
namespace {

QTableWidgetItem* cell(const QString& text, bool number) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

}  // namespace

ClassVolumePanel::ClassVolumePanel(QWidget* parent) : QWidget(parent) {
    setObjectName("classVolumePanel");
    table_ = new QTableWidget(0, 3, this);
    table_->setObjectName("classVolumeTable");
    table_->setHorizontalHeaderLabels({tr("Class"), tr("Voxels"), tr("mL")});
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setToolTip(
        tr("Voxels of each class in the labels being edited, and their volume "
           "(voxel count x voxel size) in millilitres"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_);
}

void ClassVolumePanel::showLabels(const LabelMap* labels,
                                  const std::vector<std::string>& classNames) {
    counts_.reset();
    names_.clear();
    if (labels) {
        const size_t classCount = classNames.empty() ? labels->maxLabel() : classNames.size();
        std::vector<uint16_t> classes;
        for (size_t n = 0; n < classCount; ++n) {
            classes.push_back(static_cast<uint16_t>(n + 1));
            names_.push_back(classNames.empty() ? tr("label %1").arg(n + 1)
                                                : QString::fromStdString(classNames[n]));
        }
        counts_.emplace(*labels, std::move(classes));
    }
    fillTable();
}

void ClassVolumePanel::labelsChanged(const LabelMap& labels, int64_t firstSlice,
                                     int64_t lastSlice) {
    if (!counts_)
        return;
    counts_->recount(labels, firstSlice, lastSlice);
    fillTable();
}

void ClassVolumePanel::fillTable() {
    volumes_ = counts_ ? counts_->volumes() : std::vector<ClassVolume>{};
    table_->setRowCount(static_cast<int>(volumes_.size()));
    for (size_t n = 0; n < volumes_.size(); ++n) {
        const int row = static_cast<int>(n);
        table_->setItem(row, 0, cell(names_[n], false));
        table_->setItem(row, 1, cell(QString::number(volumes_[n].voxels), true));
        table_->setItem(row, 2, cell(QString::number(volumes_[n].millilitres, 'f', 3), true));
    }
}

}  // namespace segloop::ui
