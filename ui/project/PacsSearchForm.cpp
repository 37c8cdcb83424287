#include "ui/project/PacsSearchForm.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>

namespace segloop::ui {
namespace {

std::string text(const QLineEdit* field) {
    return field->text().trimmed().toStdString();
}

}  // namespace

PacsSearchForm::PacsSearchForm(QWidget* parent) : QGroupBox(tr("Search"), parent) {
    setObjectName("pacsSearch");
    const auto field = [this](const char* name, const QString& placeholder) {
        auto* edit = new QLineEdit(this);
        edit->setObjectName(name);
        edit->setPlaceholderText(placeholder);
        edit->setClearButtonEnabled(true);
        connect(edit, &QLineEdit::returnPressed, this, &PacsSearchForm::findRequested);
        return edit;
    };
    patientId_ = field("pacsPatientId", tr("any; wildcards * and ?"));
    patientName_ = field("pacsPatientName", tr("any; e.g. Doe^J*"));
    dateFrom_ = field("pacsDateFrom", tr("YYYYMMDD"));
    dateTo_ = field("pacsDateTo", tr("YYYYMMDD"));
    dateFrom_->setToolTip(tr("First study date, inclusive; empty: any"));
    dateTo_->setToolTip(tr("Last study date, inclusive; empty: any"));
    auto* digits = new QRegularExpressionValidator(QRegularExpression("[0-9]{0,8}"), this);
    dateFrom_->setValidator(digits);
    dateTo_->setValidator(digits);
    modality_ = field("pacsModality", tr("any; e.g. MR"));
    studyDescription_ = field("pacsStudyDescription", tr("any; wildcards * and ?"));

    auto* dates = new QHBoxLayout;
    dates->addWidget(dateFrom_);
    dates->addWidget(new QLabel(tr("to"), this));
    dates->addWidget(dateTo_);
    auto* find = new QPushButton(tr("Find studies"), this);
    find->setObjectName("pacsFindStudies");
    find->setAutoDefault(false);
    connect(find, &QPushButton::clicked, this, &PacsSearchForm::findRequested);

    auto* layout = new QFormLayout(this);
    layout->addRow(tr("Patient ID:"), patientId_);
    layout->addRow(tr("Patient name:"), patientName_);
    layout->addRow(tr("Study date:"), dates);
    layout->addRow(tr("Modality:"), modality_);
    layout->addRow(tr("Study description:"), studyDescription_);
    layout->addRow(QString(), find);
}

PacsQuery PacsSearchForm::query() const {
    PacsQuery query;
    query.patientId = text(patientId_);
    query.patientName = text(patientName_);
    query.studyDateFrom = text(dateFrom_);
    query.studyDateTo = text(dateTo_);
    query.modality = text(modality_);
    query.studyDescription = text(studyDescription_);
    return query;
}

}  // namespace segloop::ui
