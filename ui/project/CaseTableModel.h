#pragma once

#include <vector>

#include <QAbstractTableModel>

#include "ui/project/CaseRow.h"

namespace segloop::ui {

/// The project browser's table: one row per volume (name, label status, predicted quality,
/// review state, reviewer, modality, patient, study). Sorting uses Qt::UserRole (numbers
/// for ids and quality). Refilled with setRows() after every change. GUI thread only.
class CaseTableModel : public QAbstractTableModel {
    Q_OBJECT

  public:
    enum Column {
        Id,
        Name,
        LabelStatus,
        Quality,
        Review,
        Reviewer,
        Modality,
        Patient,
        Study,
        Count
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setRows(std::vector<CaseRow> rows);
    const std::vector<CaseRow>& rows() const { return rows_; }
    /// The model row of a volume, or -1.
    int rowOfVolume(int64_t volumeId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    std::vector<CaseRow> rows_;
};

}  // namespace segloop::ui
