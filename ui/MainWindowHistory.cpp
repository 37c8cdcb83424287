// The main window's label history and measurements: the open case's label versions (show one,
// revert to one, through the workflow's revertToVersion) and its per-class volumes; and the
// helper that runs a use case off the GUI thread on its own project connection.
#include <QStatusBar>

#include "storage/Project.h"
#include "ui/MainWindow.h"
#include "ui/editing/CaseDocument.h"
#include "ui/jobs/BackgroundJob.h"
#include "ui/project/LabelHistoryPanel.h"
#include "ui/viewer/ClassVolumePanel.h"
#include "workflow/LabelEdits.h"

namespace segloop::ui {

bool MainWindow::showLabelVersion(int64_t labelVersionId) {
    if (!project_ || !document_ || !saveCase())
        return false;
    try {
        setDocument(CaseDocument::load(*project_, document_->volumeId(), labelVersionId));
    } catch (const std::exception& error) {
        showError(tr("Cannot show the label version"), QString::fromUtf8(error.what()));
        return false;
    }
    history_->selectVersion(labelVersionId);
    return true;
}

bool MainWindow::revertLabelVersion(int64_t labelVersionId) {
    if (!project_ || !document_ || refuseWhenReadOnly(tr("Cannot revert")) || !saveCase())
        return false;
    const int64_t volumeId = document_->volumeId();
    int64_t id = 0;
    if (!runProjectJob(
            tr("Reverting..."), tr("Cannot revert"),
            [&id, labelVersionId](Project& own) { id = revertToVersion(own, labelVersionId); }))
        return false;
    try {
        setDocument(CaseDocument::load(*project_, volumeId));
    } catch (const std::exception& error) {
        showError(tr("Cannot open case"), QString::fromUtf8(error.what()));
    }
    statusBar()->showMessage(tr("Label version %1 copies version %2").arg(id).arg(labelVersionId),
                             5000);
    refreshCases();
    return true;
}

void MainWindow::showLabelHistory() {
    if (!project_ || !document_) {
        history_->setHistory({});
        return;
    }
    // Counting the changed voxels reads every version's file: off the GUI thread.
    const int64_t volumeId = document_->volumeId();
    std::vector<LabelHistoryEntry> history;
    const QString title = tr("Reading the label history...");
    if (!runProjectJob(
            title, tr("Cannot read the label history"),
            [&history, volumeId](Project& own) { history = labelHistory(own, volumeId); })) {
        history_->setHistory({});
        return;
    }
    history_->setHistory(std::move(history));
    if (document_ && document_->baseVersion())
        history_->selectVersion(document_->baseVersion()->id);
}

bool MainWindow::runProjectJob(const QString& title, const QString& errorTitle,
                               const std::function<void(Project&)>& work) {
    if (!project_)
        return false;
    const std::string folder = project_->layout().folder;
    const std::string user = project_->userName();
    const JobResult result = runWithProgress(this, title, [&](Progress&) {
        // This thread's own connection; read-only when the window's is (jobs that write are
        // refused before they get here: refuseWhenReadOnly).
        Project own = Project::open(folder, ProjectAccess::Browse);
        own.setUserName(user);
        work(own);
    });
    if (!result.succeeded && !result.cancelled)
        showError(errorTitle, QString::fromStdString(result.error));
    return result.succeeded;
}

void MainWindow::showClassVolumes() {
    classVolumes_->showLabels(document_ ? &document_->labels() : nullptr, classNames_);
}

}  // namespace segloop::ui
