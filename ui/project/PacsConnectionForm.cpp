#include "ui/project/PacsConnectionForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>

namespace segloop::ui {
namespace {

QSpinBox* portBox(const char* name, QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(1, 65535);
    return box;
}

QLineEdit* textField(const char* name, const QString& placeholder, QWidget* parent) {
    auto* field = new QLineEdit(parent);
    field->setObjectName(name);
    field->setPlaceholderText(placeholder);
    return field;
}

}  // namespace

PacsConnectionForm::PacsConnectionForm(QWidget* parent) : QGroupBox(tr("Connection"), parent) {
    setObjectName("pacsConnection");
    protocol_ = new QComboBox(this);
    protocol_->setObjectName("pacsProtocol");
    protocol_->addItem(tr("DIMSE (C-FIND, C-MOVE / C-GET, C-STORE)"));
    protocol_->addItem(tr("DICOMweb (QIDO-RS, WADO-RS, STOW-RS)"));
    aeTitle_ = textField("pacsAeTitle", tr("the PACS's AE title, e.g. ORTHANC"), this);
    aeTitle_->setMaxLength(16);
    host_ = textField("pacsHost", tr("host name or IP address"), this);
    port_ = portBox("pacsPort", this);
    localAeTitle_ = textField("pacsLocalAeTitle", tr("our AE title, known to the PACS"), this);
    localAeTitle_->setMaxLength(16);
    localPort_ = portBox("pacsLocalPort", this);
    localPort_->setToolTip(
        tr("Where our storage SCP listens while a C-MOVE runs; the PACS must "
           "know our AE title at this host and port."));
    useGet_ = new QCheckBox(tr("Retrieve with C-GET (no port of ours to open)"), this);
    useGet_->setObjectName("pacsUseGet");
    webUrl_ = textField("pacsWebUrl", tr("e.g. http://pacs:8042/dicom-web"), this);

    auto* layout = new QFormLayout(this);
    layout->addRow(tr("Protocol:"), protocol_);
    layout->addRow(tr("AE title:"), aeTitle_);
    layout->addRow(tr("Host:"), host_);
    layout->addRow(tr("Port:"), port_);
    layout->addRow(tr("Our AE title:"), localAeTitle_);
    layout->addRow(tr("Our port (C-MOVE):"), localPort_);
    layout->addRow(QString(), useGet_);
    layout->addRow(tr("DICOMweb URL:"), webUrl_);

    connect(protocol_, &QComboBox::currentIndexChanged, this, [this] { updateEnabled(); });
    connect(useGet_, &QCheckBox::toggled, this, [this] { updateEnabled(); });
    setConnection(PacsConnection{});
}

PacsConnection PacsConnectionForm::connection() const {
    PacsConnection connection = shown_;
    connection.protocol = protocol_->currentIndex() == 1 ? PacsConnection::Protocol::DicomWeb
                                                         : PacsConnection::Protocol::Dimse;
    connection.node.aeTitle = aeTitle_->text().trimmed().toStdString();
    connection.node.host = host_->text().trimmed().toStdString();
    connection.node.port = port_->value();
    connection.node.localAeTitle = localAeTitle_->text().trimmed().toStdString();
    connection.node.localPort = localPort_->value();
    connection.retrieveWithGet = useGet_->isChecked();
    connection.web.baseUrl = webUrl_->text().trimmed().toStdString();
    return connection;
}

void PacsConnectionForm::setConnection(const PacsConnection& connection) {
    shown_ = connection;
    protocol_->setCurrentIndex(connection.protocol == PacsConnection::Protocol::DicomWeb ? 1 : 0);
    aeTitle_->setText(QString::fromStdString(connection.node.aeTitle));
    host_->setText(QString::fromStdString(connection.node.host));
    port_->setValue(connection.node.port);
    localAeTitle_->setText(QString::fromStdString(connection.node.localAeTitle));
    localPort_->setValue(connection.node.localPort);
    useGet_->setChecked(connection.retrieveWithGet);
    webUrl_->setText(QString::fromStdString(connection.web.baseUrl));
    updateEnabled();
}

void PacsConnectionForm::updateEnabled() {
    const bool dimse = protocol_->currentIndex() == 0;
    for (QWidget* field : {static_cast<QWidget*>(aeTitle_), static_cast<QWidget*>(host_),
                           static_cast<QWidget*>(port_), static_cast<QWidget*>(localAeTitle_),
                           static_cast<QWidget*>(useGet_)}) {
        field->setEnabled(dimse);
    }
    localPort_->setEnabled(dimse && !useGet_->isChecked());
    webUrl_->setEnabled(!dimse);
}

}  // namespace segloop::ui
