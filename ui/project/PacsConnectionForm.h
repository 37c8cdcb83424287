#pragma once

#include <QGroupBox>

#include "workflow/PacsTransfer.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace segloop::ui {

/// The settings part of the PACS dialog: how the project reaches its PACS. DIMSE: the node's
/// AE title, host and port, our AE title and the port our storage SCP opens for a C-MOVE, and
/// C-MOVE or C-GET; DICOMweb: the base URL. Only the chosen protocol's fields are enabled.
/// Holds values only (loading, saving and testing are the dialog's); what the form does not
/// show (timeouts, DICOMweb credentials) is kept from the last setConnection(). GUI thread only.
class PacsConnectionForm : public QGroupBox {
    Q_OBJECT

  public:
    explicit PacsConnectionForm(QWidget* parent = nullptr);

    /// The connection the fields describe, not validated (setProjectPacs and the clients do).
    PacsConnection connection() const;
    void setConnection(const PacsConnection& connection);

  private:
    /// Enables the fields of the chosen protocol (our port only for C-MOVE).
    void updateEnabled();

    PacsConnection shown_;  ///< the last connection set: the values the form has no field for
    QComboBox* protocol_ = nullptr;
    QLineEdit* aeTitle_ = nullptr;
    QLineEdit* host_ = nullptr;
    QSpinBox* port_ = nullptr;
    QLineEdit* localAeTitle_ = nullptr;
    QSpinBox* localPort_ = nullptr;
    QCheckBox* useGet_ = nullptr;
    QLineEdit* webUrl_ = nullptr;
};

}  // namespace segloop::ui
