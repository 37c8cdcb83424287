// The main window on a project it may not write (read-only mode), and File > Restore backup...
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>

#include "storage/Project.h"
#include "storage/ProjectBackup.h"
#include "storage/ProjectRestore.h"
#include "ui/MainWindow.h"
#include "ui/editing/ToolPanel.h"
#include "ui/training/TrainingPanel.h"
#include "ui/viewer/CaseViewer.h"

namespace segloop::ui {

bool MainWindow::isReadOnly() const {
    return project_ && project_->isReadOnly();
}

void MainWindow::applyAccessMode() {
    const bool readOnly = isReadOnly();
    if (readOnlyNotice_ == nullptr) {
        readOnlyNotice_ = new QLabel(this);
        readOnlyNotice_->setObjectName("readOnlyNotice");
        readOnlyNotice_->setStyleSheet("QLabel { color: #8a5a00; font-weight: bold; }");
        statusBar()->addPermanentWidget(readOnlyNotice_);
        // Whatever tool is picked, a read-only project's viewer only navigates.
        connect(tools_, &ToolPanel::toolsChanged, this, [this](const ToolSettings& settings) {
            if (isReadOnly() && settings.tool != EditTool::Navigate) {
                ToolSettings navigate = settings;
                navigate.tool = EditTool::Navigate;
                viewer_->setTools(navigate);
            }
        });
    }
    readOnlyNotice_->setText(readOnly ? tr("Read-only project: browse and export only") : "");
    readOnlyNotice_->setToolTip(
        readOnly ? tr("This user may not write %1, so labels cannot be edited or saved, training "
                      "and review decisions are off. Copy the project to a writable place to "
                      "work on it.")
                       .arg(QString::fromStdString(project_->layout().folder))
                 : QString());
    readOnlyNotice_->setVisible(readOnly);
    trainingPanel_->setEnabled(!readOnly);
    if (readOnly) {
        tools_->setTool(EditTool::Navigate);
        ToolSettings navigate = tools_->tools();
        navigate.tool = EditTool::Navigate;
        viewer_->setTools(navigate);
    }
}

bool MainWindow::refuseWhenReadOnly(const QString& title) {
    if (!isReadOnly()) {
        return false;
    }
    showError(title, tr("%1 is read-only for this user: this needs to write to it. Copy the "
                        "project to a writable place to work on it.")
                         .arg(QString::fromStdString(project_->layout().folder)));
    return true;
}

bool MainWindow::restoreBackup(const QString& backupName) {
    if (!project_) {
        showError(tr("Restore backup"), tr("Open a project first."));
        return false;
    }
    const QString folder = QString::fromStdString(project_->layout().folder);
    if (refuseWhenReadOnly(tr("Cannot restore the backup")) || !closeProject()) {
        return false;
    }
    RestoreReport report;
    try {
        report = restoreProjectBackup(folder.toStdString(), backupName.toStdString());
    } catch (const std::exception& error) {
        showError(tr("Cannot restore the backup"), QString::fromUtf8(error.what()));
        openProject(folder);  // unchanged: open it again as it was
        return false;
    }
    if (!openProject(folder)) {
        return false;
    }
    statusBar()->showMessage(tr("Restored %1; the database it replaced is kept as %2")
                                 .arg(QString::fromStdString(report.restored.fileName))
                                 .arg(QString::fromStdString(report.previousCopy)),
                             15000);
    return true;
}

void MainWindow::restoreBackupDialog() {
    if (!project_) {
        showError(tr("Restore backup"), tr("Open a project first."));
        return;
    }
    const std::vector<BackupInfo> backups = ProjectBackup(project_->layout()).list();
    if (backups.empty()) {
        showError(tr("Restore backup"), tr("The project has no backups yet."));
        return;
    }
    QStringList items;
    for (const BackupInfo& backup : backups) {
        items << QString::fromStdString(backup.fileName + "  (" + backup.takenAt + ", " +
                                        backup.reason + ")");
    }
    bool chosen = false;
    const QString item = QInputDialog::getItem(
        this, tr("Restore backup"),
        tr("Replace the project database by this backup? The current database is kept as a "
           "backup too. Labels saved after the backup was taken are no longer listed."),
        items, 0, false, &chosen);
    if (!chosen) {
        return;
    }
    restoreBackup(item.section(' ', 0, 0));
}

}  // namespace segloop::ui
