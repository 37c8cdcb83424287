// The main window's PACS action: the PACS dialog on the open project; series it imports show in
// the case browser and the review queue, with any class their SEG or RTSTRUCT added.
#include <QStatusBar>

#include "ui/MainWindow.h"
#include "ui/project/PacsDialog.h"

namespace segloop::ui {

void MainWindow::pacsDialog() {
    if (!project_) {
        showError(tr("PACS"), tr("Open a project first."));
        return;
    }
    auto* dialog = new PacsDialog(*project_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PacsDialog::imported, this, [this](int volumes, int labelFiles) {
        refreshCases();
        reloadLabelClasses();  // a SEG or RTSTRUCT may have added classes
        statusBar()->showMessage(
            tr("Imported %1 volumes and %2 label files from the PACS").arg(volumes).arg(labelFiles),
            10000);
    });
    dialog->open();  // window-modal: the project stays open while the dialog is
}

}  // namespace segloop::ui
