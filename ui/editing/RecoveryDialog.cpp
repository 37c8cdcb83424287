#include "ui/editing/RecoveryDialog.h"

#include <QDateTime>
#include <QPushButton>

namespace segloop::ui {

RecoveryDialog::RecoveryDialog(const RecoveryOffer& offer, QWidget* parent) : QMessageBox(parent) {
    setObjectName("recoveryDialog");
    setIcon(QMessageBox::Question);
    setWindowTitle(tr("Recover unsaved edits?"));
    const QString when = QDateTime::fromMSecsSinceEpoch(offer.writtenAtUnixMs)
                             .toLocalTime()
                             .toString("yyyy-MM-dd hh:mm:ss");
    setText(tr("%1 has unsaved edits that SegLoop kept when it stopped (%2 voxels changed, "
               "last kept %3).")
                .arg(offer.caseName)
                .arg(offer.voxelsChanged)
                .arg(when));
    QString base = offer.baseVersionId == 0
                       ? tr("They were made on an empty label map.")
                       : tr("They were made on label version %1.").arg(offer.baseVersionId);
    if (!offer.baseIsCurrent()) {
        base += QLatin1Char(' ') +
                (offer.labelOfRecordId
                     ? tr("That is no longer the case's label of record (now version %1): "
                          "recovering opens version %2 with the edits; saving makes a new "
                          "version of it.")
                           .arg(*offer.labelOfRecordId)
                           .arg(offer.baseVersionId)
                     : tr("The case has no label version now."));
    }
    setInformativeText(base + QLatin1Char('\n') +
                       tr("Recover opens them as unsaved edits (undo removes them); Discard "
                          "deletes them; Later asks again when the case is opened next."));
    setDetailedText(tr("Journal: %1").arg(offer.journalPath));
    recover_ = addButton(tr("Recover"), QMessageBox::AcceptRole);
    recover_->setObjectName("recoverButton");
    discard_ = addButton(tr("Discard"), QMessageBox::DestructiveRole);
    discard_->setObjectName("discardButton");
    later_ = addButton(tr("Later"), QMessageBox::RejectRole);
    later_->setObjectName("laterButton");
    setDefaultButton(recover_);
    setEscapeButton(later_);
}

RecoveryChoice RecoveryDialog::ask() {
    exec();
    if (clickedButton() == recover_)
        return RecoveryChoice::Recover;
    if (clickedButton() == discard_)
        return RecoveryChoice::Discard;
    return RecoveryChoice::Later;
}

}  // namespace segloop::ui
