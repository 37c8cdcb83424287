#include "ui/project/ProjectBrowser.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/project/CaseTableModel.h"

namespace segloop::ui {

ProjectBrowser::ProjectBrowser(QWidget* parent) : QWidget(parent) {
    model_ = new CaseTableModel(this);
    statusProxy_ = new QSortFilterProxyModel(this);
    statusProxy_->setSourceModel(model_);
    statusProxy_->setFilterKeyColumn(CaseTableModel::LabelStatus);
    textProxy_ = new QSortFilterProxyModel(this);
    textProxy_->setSourceModel(statusProxy_);
    textProxy_->setFilterKeyColumn(-1);
    textProxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    textProxy_->setSortRole(Qt::UserRole);

    filter_ = new QLineEdit(this);
    filter_->setObjectName("browserFilter");
    filter_->setPlaceholderText(tr("Filter cases..."));
    filter_->setClearButtonEnabled(true);
    status_ = new QComboBox(this);
    status_->setObjectName("browserStatusFilter");
    status_->addItems({tr("all"), "none", "human", "pseudo", "corrected"});
    table_ = new QTableView(this);
    table_->setObjectName("caseTable");
    table_->setModel(textProxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(CaseTableModel::Id, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(20);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setColumnHidden(CaseTableModel::Study, true);

    auto* filters = new QHBoxLayout();
    filters->addWidget(filter_, 1);
    filters->addWidget(status_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(filters);
    layout->addWidget(table_, 1);

    connect(filter_, &QLineEdit::textChanged, textProxy_,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(status_, &QComboBox::currentIndexChanged, this, [this] { applyStatusFilter(); });
    connect(table_, &QTableView::activated, this, [this](const QModelIndex& index) {
        const QModelIndex id = index.siblingAtColumn(CaseTableModel::Id);
        Q_EMIT caseActivated(id.data(Qt::UserRole).toLongLong());
    });
}

void ProjectBrowser::setRows(std::vector<CaseRow> rows) {
    model_->setRows(std::move(rows));
    table_->resizeColumnsToContents();
}

const std::vector<CaseRow>& ProjectBrowser::rows() const {
    return model_->rows();
}

void ProjectBrowser::selectVolume(int64_t volumeId) {
    const int row = model_->rowOfVolume(volumeId);
    if (row < 0)
        return;
    const QModelIndex index =
        textProxy_->mapFromSource(statusProxy_->mapFromSource(model_->index(row, 0)));
    if (index.isValid()) {
        table_->selectRow(index.row());
        table_->scrollTo(index);
    }
}

int ProjectBrowser::visibleRowCount() const {
    return textProxy_->rowCount();
}

void ProjectBrowser::setStatusFilter(const QString& status) {
    const int index = status_->findText(status);
    status_->setCurrentIndex(index < 0 ? 0 : index);
}

void ProjectBrowser::setTextFilter(const QString& text) {
    filter_->setText(text);
}

void ProjectBrowser::applyStatusFilter() {
    const QString status = status_->currentIndex() == 0 ? QString() : status_->currentText();
    statusProxy_->setFilterRegularExpression(
        status.isEmpty() ? QString() : QRegularExpression::anchoredPattern(status));
}

}  // namespace segloop::ui
