// The main window's File > Export model: a segmentation model of the open project written as a
// model bundle (the workflow's exportModelBundle, as `segloop-cli export-model`), off the GUI
// thread.
#include <QFileDialog>
#include <QInputDialog>
#include <QStatusBar>
#include <QStringList>

#include "storage/Project.h"
#include "ui/MainWindow.h"
#include "ui/jobs/BackgroundJob.h"
#include "workflow/ModelBundle.h"

namespace segloop::ui {

void MainWindow::exportModelDialog() {
    if (!project_) {
        showError(tr("Export model"), tr("Open a project first."));
        return;
    }
    QStringList items;
    std::vector<int64_t> ids;
    try {
        const std::vector<ModelRecord> models = project_->models().list();
        for (auto model = models.rbegin(); model != models.rend(); ++model) {  // newest first
            if (model->name == "quality" || model->dataPath.empty())
                continue;
            items << tr("Model %1: %2 %3 (%4), %5")
                         .arg(model->id)
                         .arg(QString::fromStdString(model->name))
                         .arg(model->version)
                         .arg(QString::fromStdString(model->method))
                         .arg(QString::fromStdString(model->createdAt.substr(0, 16)));
            ids.push_back(model->id);
        }
    } catch (const std::exception& error) {
        showError(tr("Export model"), QString::fromUtf8(error.what()));
        return;
    }
    if (ids.empty()) {
        showError(tr("Export model"), tr("The project has no trained segmentation model yet."));
        return;
    }
    bool chosen = false;
    const QString item =
        QInputDialog::getItem(this, tr("Export model"), tr("Model:"), items, 0, false, &chosen);
    if (!chosen)
        return;
    const int64_t modelId = ids[size_t(items.indexOf(item))];
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export model bundle"), QStringLiteral("model-%1.segloop-model").arg(modelId),
        tr("SegLoop model bundles (*.segloop-model)"));
    if (!path.isEmpty())
        exportModel(modelId, path);
}

bool MainWindow::exportModel(int64_t modelId, const QString& path) {
    if (!project_)
        return false;
    const std::string projectFolder = project_->layout().folder;
    const std::string user = project_->userName();
    const std::string output = path.toStdString();
    ModelBundleExportReport report;
    const JobResult result =
        runWithProgress(this, tr("Exporting model..."), [&](Progress& progress) {
            // This thread's own connection (read-only when the project is).
            Project project = Project::open(projectFolder, ProjectAccess::Browse);
            project.setUserName(user);
            report = exportModelBundle(project, modelId, output, &progress);
        });
    if (result.cancelled) {
        statusBar()->showMessage(tr("Model export cancelled"), 8000);
    } else if (!result.succeeded) {
        showError(tr("Export model failed"), QString::fromStdString(result.error));
    } else {
        statusBar()->showMessage(tr("Exported model %1 to %2 (weights, TorchScript, manifest)")
                                     .arg(report.modelId)
                                     .arg(path),
                                 10000);
    }
    return result.succeeded;
}

}  // namespace segloop::ui
