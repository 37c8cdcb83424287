#include "ui/project/PacsResultTables.h"

#include <string>

#include <QHeaderView>
#include <QStringList>
#include <QTableWidget>

namespace segloop::ui {
namespace {

QTableWidget* makeTable(const char* name, const QStringList& headers, QWidget* parent) {
    auto* table = new QTableWidget(0, int(headers.size()), parent);
    table->setObjectName(name);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

void appendRow(QTableWidget& table, const QStringList& cells) {
    const int row = table.rowCount();
    table.insertRow(row);
    for (int column = 0; column < cells.size(); ++column)
        table.setItem(row, column, new QTableWidgetItem(cells[column]));
}

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

/// A count the node may not have given (-1): empty then.
QString count(int value) {
    return value < 0 ? QString() : QString::number(value);
}

/// "20200119" as "2020-01-19"; anything else as it is.
QString date(const std::string& value) {
    if (value.size() != 8)
        return text(value);
    return text(value.substr(0, 4) + "-" + value.substr(4, 2) + "-" + value.substr(6, 2));
}

}  // namespace

QTableWidget* makeStudiesTable(QWidget* parent) {
    QTableWidget* table =
        makeTable("pacsStudies",
                  {QTableWidget::tr("Patient ID"), QTableWidget::tr("Patient name"),
                   QTableWidget::tr("Date"), QTableWidget::tr("Description"),
                   QTableWidget::tr("Modalities"), QTableWidget::tr("Series")},
                  parent);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    return table;
}

QTableWidget* makeSeriesTable(QWidget* parent) {
    QTableWidget* table =
        makeTable("pacsSeries",
                  {QTableWidget::tr("Number"), QTableWidget::tr("Modality"),
                   QTableWidget::tr("Description"), QTableWidget::tr("Instances")},
                  parent);
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    return table;
}

void showStudiesIn(QTableWidget& table, const std::vector<PacsStudy>& studies) {
    table.setRowCount(0);
    for (const PacsStudy& study : studies) {
        QStringList modalities;
        for (const std::string& modality : study.modalities)
            modalities << text(modality);
        appendRow(table, {text(study.patientId), text(study.patientName), date(study.studyDate),
                          text(study.studyDescription), modalities.join(", "),
                          count(study.numberOfSeries)});
    }
    table.resizeColumnsToContents();
}

void showSeriesIn(QTableWidget& table, const std::vector<PacsSeries>& series) {
    table.setRowCount(0);
    for (const PacsSeries& one : series) {
        appendRow(table, {count(one.seriesNumber), text(one.modality), text(one.seriesDescription),
                          count(one.numberOfInstances)});
    }
    table.resizeColumnsToContents();
}

}  // namespace segloop::ui
