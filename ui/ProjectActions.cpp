// The main window's project actions: new, open, import (DICOM folder, NIfTI files) and export
// (NIfTI masks). Imports and exports run off the GUI thread with progress and cancel.
#include <filesystem>
#include <sstream>

#include <QFileDialog>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QStatusBar>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"
#include "storage/Project.h"
#include "storage/ProjectImporter.h"
#include "ui/MainWindow.h"
#include "ui/jobs/BackgroundJob.h"
#include "ui/project/ExportDialog.h"
#include "workflow/MaskExport.h"
#include "workflow/ProjectImport.h"
#include "workflow/ProjectLabelSet.h"

namespace segloop::ui {
void MainWindow::newProjectDialog() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder of the new project"));
    if (folder.isEmpty())
        return;
    bool ok = false;
    const QString classes =
        QInputDialog::getText(this, tr("Label classes"), tr("Class names, separated by commas:"),
                              QLineEdit::Normal, "foreground", &ok);
    if (!ok || !closeProject())
        return;
    try {
        Project project = Project::create(folder.toStdString());
        project.labelSets().create(
            "labels",
            labelClassesFromNames(classes.isEmpty() ? "foreground" : classes.toStdString()));
    } catch (const std::exception& error) {
        showError(tr("Cannot create project"), QString::fromUtf8(error.what()));
        return;
    }
    openProject(folder);
}

void MainWindow::openProjectDialog() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Open a SegLoop project folder"));
    if (!folder.isEmpty())
        openProject(folder);
}

void MainWindow::importDicomDialog() {
    if (!project_)
        return;
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Import a DICOM folder (images, SEG and RTSTRUCT labels)"));
    if (!folder.isEmpty())
        importFiles({folder.toStdString()});
}

void MainWindow::importDicomLabelsDialog() {
    if (!project_)
        return;
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import DICOM labels (SEG, RTSTRUCT) of series in the project"), QString(),
        tr("DICOM (*.dcm *.DCM *);;All files (*)"));
    std::vector<std::string> inputs;
    for (const QString& file : files)
        inputs.push_back(file.toStdString());
    if (!inputs.empty())
        importFiles(inputs);
}

void MainWindow::importNiftiDialog() {
    if (!project_)
        return;
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import NIfTI files"), QString(), tr("NIfTI (*.nii *.nii.gz)"));
    std::vector<std::string> inputs;
    for (const QString& file : files)
        inputs.push_back(file.toStdString());
    if (!inputs.empty())
        importFiles(inputs);
}

bool MainWindow::importFiles(const std::vector<std::string>& inputs) {
    if (!project_ || refuseWhenReadOnly(tr("Cannot import")))
        return false;
    const std::string folder = project_->layout().folder;
    const std::string user = project_->userName();
    ProjectImportReport report;
    const JobResult result = runWithProgress(this, tr("Importing..."), [&](Progress& progress) {
        Project project = Project::open(folder);  // this thread's own connection
        project.setUserName(user);
        ImportRequest request;
        request.inputs = inputs;
        // SEG segments and RTSTRUCT ROIs the project lacks become classes (named in the status).
        report = importImagesAndLabels(project, request, true, &progress);
    });
    if (result.cancelled) {
        statusBar()->showMessage(tr("Import cancelled: the project is as it was"), 8000);
    } else if (!result.succeeded) {
        showError(tr("Import failed"),
                  QString::fromStdString(result.error) +
                      tr("\n\nNo image was imported; a SEG or RTSTRUCT after the images "
                         "is named above."));
    } else {
        QStringList added;
        for (const DerivedLabelImportResult& labels : report.labels) {
            for (const std::string& name : labels.addedClasses)
                added << QString::fromStdString(name);
        }
        QString message = tr("Imported %1 volumes and %2 label files (SEG, RTSTRUCT)")
                              .arg(report.images.imported.size())
                              .arg(report.labels.size());
        if (!added.isEmpty())
            message += tr("; new classes: %1").arg(added.join(", "));
        statusBar()->showMessage(message, 10000);
        if (!added.isEmpty())
            reloadLabelClasses();
    }
    refreshCases();
    return result.succeeded;
}

void MainWindow::exportMasksDialog() {
    if (!project_)
        return;
    ExportDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ExportRequest request = dialog.request();
    if (request.outputFolder.empty()) {
        showError(tr("Export failed"), tr("Choose a folder to export to."));
        return;
    }
    exportLabels(request);
}

bool MainWindow::exportMasks(const QString& folder) {
    ExportRequest request;
    request.outputFolder = folder.toStdString();
    return exportLabels(request);
}

bool MainWindow::exportLabels(const ExportRequest& request) {
    if (!project_ || !saveCase())
        return false;
    const std::string projectFolder = project_->layout().folder;
    const std::string user = project_->userName();
    ExportReport report;
    const JobResult result = runWithProgress(this, tr("Exporting..."), [&](Progress& progress) {
        // This thread's own connection (read-only when the project is).
        Project project = Project::open(projectFolder, ProjectAccess::Browse);
        project.setUserName(user);
        report = segloop::exportLabels(project, request, &progress);
    });
    if (result.cancelled) {
        statusBar()->showMessage(tr("Export cancelled"), 8000);
    } else if (!result.succeeded) {
        showError(tr("Export failed"), QString::fromStdString(result.error));
    } else {
        statusBar()->showMessage(tr("Exported %1 label files to %2 (manifest.csv)")
                                     .arg(report.labelFiles)
                                     .arg(QString::fromStdString(request.outputFolder)),
                                 8000);
    }
    return result.succeeded;
}

}  // namespace segloop::ui
