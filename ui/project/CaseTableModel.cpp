#include "ui/project/CaseTableModel.h"

#include <QBrush>
#include <QColor>

namespace segloop::ui {

void CaseTableModel::setRows(std::vector<CaseRow> rows) {
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

int CaseTableModel::rowOfVolume(int64_t volumeId) const {
    for (size_t n = 0; n < rows_.size(); ++n) {
        if (rows_[n].record.volumeId == volumeId)
            return int(n);
    }
    return -1;
}

int CaseTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int CaseTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : Count;
}

QVariant CaseTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size()))
        return {};
    const CaseRow& row = rows_[size_t(index.row())];
    const VolumeRecord& record = row.record;
    const bool sortKey = role == Qt::UserRole;
    if (role == Qt::ForegroundRole && index.column() == LabelStatus) {
        if (!record.labelStatus)
            return QBrush(QColor(150, 150, 150));
        if (*record.labelStatus == LabelProvenance::Pseudo)
            return QBrush(QColor(220, 140, 30));
        return {};
    }
    if (role != Qt::DisplayRole && !sortKey && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
        case Id:
            return sortKey ? QVariant(qlonglong(record.volumeId))
                           : QVariant(qlonglong(record.volumeId));
        case Name:
            return QString::fromStdString(row.name);
        case Patient:
            return QString::fromStdString(record.patientId);
        case Study:
            return QString::fromStdString(
                record.studyDescription.empty() ? record.studyDate : record.studyDescription);
        case Modality:
            return QString::fromStdString(record.modality);
        case LabelStatus:
            return QString(labelStatusText(record.labelStatus));
        case Quality:
            if (!row.predictedQuality)
                return sortKey ? QVariant(2.0) : QVariant(QString("-"));
            return sortKey ? QVariant(*row.predictedQuality)
                           : QVariant(QString::number(*row.predictedQuality, 'f', 3));
        case Review:
            return record.reviewState ? QString(toString(*record.reviewState)) : QString("-");
        case Reviewer:
            return QString::fromStdString(row.reviewer);
        default:
            return {};
    }
}

QVariant CaseTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* titles[Count] = {"Id",       "Case",     "Label",   "Quality", "Review",
                                        "Reviewer", "Modality", "Patient", "Study"};
    return section >= 0 && section < Count ? tr(titles[section]) : QVariant();
}

}  // namespace segloop::ui
