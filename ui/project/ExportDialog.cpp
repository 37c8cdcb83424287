#include "ui/project/ExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace segloop::ui {

ExportDialog::ExportDialog(QWidget* parent) : QDialog(parent) {
    setObjectName("exportDialog");
    setWindowTitle(tr("Export labels"));
    const ExportRequest defaults;
    folder_ = new QLineEdit(this);
    folder_->setObjectName("exportFolder");
    auto* browse = new QPushButton(tr("Browse..."), this);
    auto makeCheck = [this](const QString& text, const char* name, bool checked) {
        auto* box = new QCheckBox(text, this);
        box->setObjectName(name);
        box->setChecked(checked);
        return box;
    };
    auto included = [&defaults](LabelProvenance kind) { return defaults.include.count(kind) > 0; };
    human_ = makeCheck(tr("Human"), "exportHuman", included(LabelProvenance::Human));
    corrected_ =
        makeCheck(tr("Corrected"), "exportCorrected", included(LabelProvenance::Corrected));
    accepted_ = makeCheck(tr("Accepted"), "exportAccepted", included(LabelProvenance::Accepted));
    pseudo_ = makeCheck(tr("Pseudo-labels (never rejected ones)"), "exportPseudo",
                        included(LabelProvenance::Pseudo));
    images_ = makeCheck(tr("Images too"), "exportImages", defaults.images);
    perClass_ = makeCheck(tr("One binary mask per class"), "exportPerClass", defaults.perClass);
    overwrite_ = makeCheck(tr("Replace existing files"), "exportOverwrite", defaults.overwrite);
    format_ = new QComboBox(this);
    format_->setObjectName("exportFormat");
    for (const ExportFormat format :
         {ExportFormat::Nifti, ExportFormat::DicomSeg, ExportFormat::RtStruct})
        format_->addItem(QString::fromUtf8(exportFormatName(format)), static_cast<int>(format));
    fractional_ = makeCheck(tr("Pseudo-labels as probabilities (fractional SEG)"),
                            "exportFractional", defaults.fractional);
    deidentify_ = makeCheck(tr("De-identified (DICOM PS3.15 basic profile)"), "exportDeidentify",
                            defaults.deidentify);
    sourceSeries_ =
        makeCheck(tr("The source series beside"), "exportSourceSeries", defaults.sourceSeries);
    const auto formatChosen = [this] {
        const auto format = static_cast<ExportFormat>(format_->currentData().toInt());
        images_->setEnabled(format == ExportFormat::Nifti);
        perClass_->setEnabled(format == ExportFormat::Nifti);
        fractional_->setEnabled(format == ExportFormat::DicomSeg);
        deidentify_->setEnabled(format != ExportFormat::Nifti);
        sourceSeries_->setEnabled(format != ExportFormat::Nifti);
    };
    connect(format_, &QComboBox::currentIndexChanged, this, formatChosen);
    formatChosen();

    auto* folderRow = new QHBoxLayout();
    folderRow->addWidget(folder_, 1);
    folderRow->addWidget(browse);
    auto* kinds = new QVBoxLayout();
    for (QCheckBox* box : {human_, corrected_, accepted_, pseudo_})
        kinds->addWidget(box);
    auto* form = new QFormLayout();
    form->addRow(tr("Folder"), folderRow);
    form->addRow(tr("Format"), format_);
    form->addRow(tr("Labels"), kinds);
    form->addRow(QString(), images_);
    form->addRow(QString(), perClass_);
    form->addRow(QString(), fractional_);
    form->addRow(QString(), deidentify_);
    form->addRow(QString(), sourceSeries_);
    form->addRow(QString(), overwrite_);
    auto* note = new QLabel(tr("By default each volume's label of record (its newest human, "
                               "corrected or accepted version). A manifest.csv names every file "
                               "with its version, author, model, quality and volumes in mL."),
                            this);
    note->setWordWrap(true);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(box);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Export labels to"));
        if (!folder.isEmpty())
            folder_->setText(folder);
    });
    connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void ExportDialog::setOutputFolder(const QString& folder) {
    folder_->setText(folder);
}

ExportRequest ExportDialog::request() const {
    ExportRequest request;
    request.outputFolder = folder_->text().toStdString();
    request.include.clear();
    const std::pair<QCheckBox*, LabelProvenance> kinds[] = {
        {human_, LabelProvenance::Human},
        {corrected_, LabelProvenance::Corrected},
        {accepted_, LabelProvenance::Accepted},
        {pseudo_, LabelProvenance::Pseudo}};
    for (const auto& [box, kind] : kinds) {
        if (box->isChecked())
            request.include.insert(kind);
    }
    request.images = images_->isChecked();
    request.perClass = perClass_->isChecked();
    request.overwrite = overwrite_->isChecked();
    request.format = static_cast<ExportFormat>(format_->currentData().toInt());
    request.fractional = fractional_->isEnabled() && fractional_->isChecked();
    request.deidentify = deidentify_->isEnabled() && deidentify_->isChecked();
    request.sourceSeries = sourceSeries_->isEnabled() && sourceSeries_->isChecked();
    return request;
}

}  // namespace segloop::ui
