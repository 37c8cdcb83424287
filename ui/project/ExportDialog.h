#pragma once

#include <QDialog>

#include "workflow/MaskExport.h"

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace segloop::ui {

/// The window's export dialog: the choices of `segloop-cli export` (output folder, format:
/// NIfTI, DICOM SEG or RTSTRUCT; the kinds of label to export, images, one binary mask per
/// class, fractional SEG, de-identified, with the source series, overwrite), turned into the same
/// ExportRequest, so both write the same files and manifest. GUI thread only.
class ExportDialog : public QDialog {
    Q_OBJECT

  public:
    explicit ExportDialog(QWidget* parent = nullptr);

    /// The request the choices make (outputFolder empty until one is chosen).
    ExportRequest request() const;
    void setOutputFolder(const QString& folder);

  private:
    QLineEdit* folder_ = nullptr;
    QCheckBox* human_ = nullptr;
    QCheckBox* corrected_ = nullptr;
    QCheckBox* accepted_ = nullptr;
    QCheckBox* pseudo_ = nullptr;
    QCheckBox* images_ = nullptr;
    QCheckBox* perClass_ = nullptr;
    QCheckBox* overwrite_ = nullptr;
    QComboBox* format_ = nullptr;
    QCheckBox* fractional_ = nullptr;
    QCheckBox* deidentify_ = nullptr;
    QCheckBox* sourceSeries_ = nullptr;
};

}  // namespace segloop::ui
