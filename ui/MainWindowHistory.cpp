// The main window's label history and measurements: the open case's label versions (show one,
// revert to one, through the workflow's revertToVersion) and its per-class volumes.
#include <QStatusBar>

#include "storage/Project.h"
#include "ui/MainWindow.h"
#include "ui/editing/CaseDocument.h"
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
    if (!project_ || !document_ || !saveCase())
        return false;
    const int64_t volumeId = document_->volumeId();
    try {
        const int64_t id = revertToVersion(*project_, labelVersionId);
        setDocument(CaseDocument::load(*project_, volumeId));
        statusBar()->showMessage(
            tr("Label version %1 copies version %2").arg(id).arg(labelVersionId), 5000);
    } catch (const std::exception& error) {
        showError(tr("Cannot revert"), QString::fromUtf8(error.what()));
        return false;
    }
    refreshCases();
    return true;
}

void MainWindow::showLabelHistory() {
    if (!project_ || !document_) {
        history_->setHistory({});
        return;
    }
    try {
        history_->setHistory(labelHistory(*project_, document_->volumeId()));
        if (document_->baseVersion())
            history_->selectVersion(document_->baseVersion()->id);
    } catch (const std::exception& error) {
        history_->setHistory({});
        statusBar()->showMessage(tr("Cannot read the label history: %1").arg(error.what()), 8000);
    }
}

void MainWindow::showClassVolumes() {
    classVolumes_->showLabels(document_ ? &document_->labels() : nullptr, classNames_);
}

}  // namespace segloop::ui
