#pragma once

#include <cstdint>
#include <vector>

#include <QWidget>

#include "ui/project/CaseRow.h"

class QComboBox;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace segloop::ui {

class CaseTableModel;

/// The project browser: the studies and series of the project in a sortable table, filtered by
/// text (any column) and by label status. Double-click (or Enter) opens a case.
/// GUI thread only.
class ProjectBrowser : public QWidget {
    Q_OBJECT

  public:
    explicit ProjectBrowser(QWidget* parent = nullptr);

    void setRows(std::vector<CaseRow> rows);
    const std::vector<CaseRow>& rows() const;
    /// Selects a volume's row (without emitting caseActivated).
    void selectVolume(int64_t volumeId);
    QTableView* table() const { return table_; }
    /// Rows shown after filtering.
    int visibleRowCount() const;
    void setStatusFilter(const QString& status);
    void setTextFilter(const QString& text);

  Q_SIGNALS:
    void caseActivated(qint64 volumeId);

  private:
    void applyStatusFilter();

    CaseTableModel* model_ = nullptr;
    QSortFilterProxyModel* textProxy_ = nullptr;
    QSortFilterProxyModel* statusProxy_ = nullptr;
    QTableView* table_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QComboBox* status_ = nullptr;
};

}  // namespace segloop::ui
