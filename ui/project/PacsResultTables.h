#pragma once

#include <vector>

#include "core/pacs/PacsQuery.h"

class QTableWidget;
class QWidget;

namespace segloop::ui {

/// The PACS dialog's studies table ("pacsStudies": patient ID, patient name, date, description,
/// modalities, series count), read-only, one study selected at a time.
QTableWidget* makeStudiesTable(QWidget* parent);
/// The PACS dialog's series table ("pacsSeries": number, modality, description, instances),
/// read-only, several series may be selected.
QTableWidget* makeSeriesTable(QWidget* parent);

/// Replaces the rows by `studies`, in their order (row n is studies[n]); a count the node did
/// not give (-1) is empty; dates show as YYYY-MM-DD.
void showStudiesIn(QTableWidget& table, const std::vector<PacsStudy>& studies);
/// Replaces the rows by `series`, in their order (row n is series[n]).
void showSeriesIn(QTableWidget& table, const std::vector<PacsSeries>& series);

}  // namespace segloop::ui
