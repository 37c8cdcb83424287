#pragma once

#include <QGroupBox>

#include "core/pacs/PacsQuery.h"

class QLineEdit;

namespace segloop::ui {

/// The query part of the PACS dialog: the study search keys of `segloop-cli pacs find`
/// (patient ID, patient name with `*` and `?` wildcards, study dates YYYYMMDD from and to, each
/// end empty for "any", modality, study description) and "Find studies". Return in any field
/// asks for the search too. GUI thread only.
class PacsSearchForm : public QGroupBox {
    Q_OBJECT

  public:
    explicit PacsSearchForm(QWidget* parent = nullptr);

    /// The keys as typed (not validated: findStudies does, naming a bad date).
    PacsQuery query() const;

  Q_SIGNALS:
    /// "Find studies" was clicked, or Return pressed in a field.
    void findRequested();

  private:
    QLineEdit* patientId_ = nullptr;
    QLineEdit* patientName_ = nullptr;
    QLineEdit* dateFrom_ = nullptr;
    QLineEdit* dateTo_ = nullptr;
    QLineEdit* modality_ = nullptr;
    QLineEdit* studyDescription_ = nullptr;
};

}  // namespace segloop::ui
