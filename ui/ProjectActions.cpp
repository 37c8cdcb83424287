// The main window's project actions: new, open, import (DICOM folder, NIfTI files) and export
// (NIfTI masks). Imports and exports run off the GUI thread with progress and cancel.
#include <cctype>
#include <filesystem>
#include <set>
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

namespace segloop::ui {
namespace {

std::vector<LabelClass> classesFromText(const QString& text) {
    static const std::array<std::array<uint8_t, 3>, 6> colours{{{230, 60, 60},
                                                                {60, 180, 75},
                                                                {0, 130, 200},
                                                                {245, 200, 40},
                                                                {145, 30, 180},
                                                                {70, 240, 240}}};
    std::vector<LabelClass> classes;
    for (const QString& name : text.split(',', Qt::SkipEmptyParts)) {
        LabelClass labelClass;
        labelClass.index = uint16_t(classes.size() + 1);
        labelClass.name = name.trimmed().toStdString();
        labelClass.colourRgb = colours[classes.size() % colours.size()];
        classes.push_back(labelClass);
    }
    return classes;
}

/// A file-name-safe name for a volume's mask.
std::string maskName(const VolumeRecord& volume) {
    std::string name =
        volume.sourceKind == SourceKind::Nifti
            ? niftiStem(volume.sourcePath)
            : "volume" + std::to_string(volume.volumeId) + "_" + volume.seriesDescription;
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
            c = '_';
    }
    return name;
}

/// Writes the latest label map of every labelled volume to `folder`/NAME.nii.gz. Opens its
/// own connection (this runs on the job's thread). Refuses to overwrite existing files.
void writeLatestMasks(const std::string& projectFolder, const std::string& folder,
                      Progress& progress) {
    Project project = Project::open(projectFolder);
    std::vector<std::pair<int64_t, std::string>> items;
    std::set<std::string> names;
    for (const VolumeRecord& volume : project.volumes().list()) {
        if (!volume.latestLabelVersionId)
            continue;
        std::string name = maskName(volume);
        if (!names.insert(name).second)
            name += "_" + std::to_string(volume.volumeId);
        const std::string path = folder + "/" + name + ".nii.gz";
        if (std::filesystem::exists(path))
            throw Error(path, "already exists (choose an empty folder)");
        items.emplace_back(*volume.latestLabelVersionId, path);
    }
    for (size_t n = 0; n < items.size(); ++n) {
        reportProgress(&progress, "Exporting masks", n, items.size());
        writeNiftiLabelMap(project.labels().load(items[n].first), items[n].second);
    }
    reportProgress(&progress, "Exporting masks", items.size(), items.size());
}

}  // namespace

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
        project.labelSets().create("labels",
                                   classesFromText(classes.isEmpty() ? "foreground" : classes));
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
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Import a DICOM folder"));
    if (!folder.isEmpty())
        importFiles({folder.toStdString()});
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
    if (!project_)
        return false;
    const std::string folder = project_->layout().folder;
    const std::string user = project_->userName();
    ImportReport report;
    const JobResult result = runWithProgress(this, tr("Importing..."), [&](Progress& progress) {
        Project project = Project::open(folder);  // this thread's own connection
        project.setUserName(user);
        ImportRequest request;
        request.inputs = inputs;
        report = importIntoProject(project, request, &progress);
    });
    if (result.cancelled) {
        statusBar()->showMessage(tr("Import cancelled: the project is as it was"), 8000);
    } else if (!result.succeeded) {
        showError(tr("Import failed"),
                  QString::fromStdString(result.error) + tr("\n\nNothing was imported."));
    } else {
        statusBar()->showMessage(tr("Imported %1 volumes").arg(report.imported.size()), 8000);
    }
    refreshCases();
    return result.succeeded;
}

void MainWindow::exportMasksDialog() {
    if (!project_)
        return;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export NIfTI masks to"));
    if (!folder.isEmpty())
        exportMasks(folder);
}

bool MainWindow::exportMasks(const QString& folder) {
    if (!project_ || !saveCase())
        return false;
    const std::string projectFolder = project_->layout().folder;
    const JobResult result = runWithProgress(this, tr("Exporting..."), [&](Progress& progress) {
        writeLatestMasks(projectFolder, folder.toStdString(), progress);
    });
    if (result.cancelled) {
        statusBar()->showMessage(tr("Export cancelled"), 8000);
    } else if (!result.succeeded) {
        showError(tr("Export failed"), QString::fromStdString(result.error));
    } else {
        statusBar()->showMessage(tr("Masks exported to %1").arg(folder), 8000);
    }
    return result.succeeded;
}

}  // namespace segloop::ui
