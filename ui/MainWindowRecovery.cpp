// The main window's recovery of unsaved edits after a crash (issue 30): the open case's edits
// are journaled by a RecoveryJournalKeeper between saves; when a case is opened and a journal
// of it is found, a RecoveryDialog offers it (Recover / Discard / Later).
#include <QStatusBar>

#include "core/Error.h"
#include "core/editing/LabelDiff.h"
#include "storage/Project.h"
#include "storage/RecoveryJournal.h"
#include "storage/RecoveryJournalFiles.h"
#include "ui/MainWindow.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/EditUndo.h"
#include "ui/editing/RecoveryDialog.h"
#include "ui/editing/RecoveryJournalKeeper.h"
#include "ui/project/ProjectBrowser.h"
#include "ui/viewer/CaseViewer.h"

namespace segloop::ui {

namespace {

/// True when the journal's edits are already in `current` (the case's label of record): a crash
/// after a save committed and before its journal was removed. Made on `current` itself, they
/// are not (each run changes a voxel).
bool alreadySaved(Project& project, const RecoveryJournal& journal, const CaseDocument& document) {
    const int64_t currentBase = document.baseVersion() ? document.baseVersion()->id : 0;
    if (journal.baseVersionId == currentBase)
        return false;
    try {
        LabelMap base = journal.baseVersionId == 0 ? LabelMap(document.image().geometry)
                                                   : project.labels().load(journal.baseVersionId);
        applyJournal(journal, base, "recovery journal");
        return base.labels == document.labels().labels;
    } catch (const std::exception&) {
        return false;  // its base is gone or differs: offered, and refused with the reason
    }
}

}  // namespace

int64_t MainWindow::firstVolumeToOpen(int64_t fallback) const {
    if (!project_)
        return fallback;
    // Writes a crash cut short leave temporary files behind; their writers are gone.
    recovery_files::removeOrphanTemporaries(project_->layout());
    for (int64_t volumeId : recovery_files::volumesWithJournals(project_->layout())) {
        for (const CaseRow& row : browser_->rows()) {
            if (row.record.volumeId == volumeId)
                return volumeId;
        }
    }
    return fallback;
}

bool MainWindow::offerRecovery() {
    if (!project_ || !document_ || document_->isModified())
        return false;
    const int64_t volumeId = document_->volumeId();
    const QString title = tr("Cannot recover unsaved edits");
    for (const std::string& path : recovery_files::journalsOf(project_->layout(), volumeId)) {
        RecoveryJournal journal;
        try {
            journal = recovery_files::read(path);
            if (journal.volumeId != volumeId)
                throw Error(path, "the journal is of volume " + std::to_string(journal.volumeId) +
                                      ", not of volume " + std::to_string(volumeId));
        } catch (const std::exception& error) {
            QString where;
            try {
                where = tr("It was kept aside as %1.")
                            .arg(QString::fromStdString(recovery_files::setAside(path)));
            } catch (const std::exception& renameError) {
                where = QString::fromUtf8(renameError.what());
            }
            showError(title, QString::fromUtf8(error.what()) + QLatin1Char('\n') + where);
            continue;
        }
        if (alreadySaved(*project_, journal, *document_)) {
            try {
                recovery_files::remove(path);
            } catch (const std::exception&) {
            }
            statusBar()->showMessage(tr("The edits kept in %1 were saved before SegLoop stopped")
                                         .arg(QString::fromStdString(path)),
                                     10000);
            continue;
        }
        if (isReadOnly()) {
            statusBar()->showMessage(tr("Unsaved edits of this case are kept in %1; the project "
                                        "is read-only")
                                         .arg(QString::fromStdString(path)),
                                     10000);
            return false;
        }
        RecoveryOffer offer;
        offer.caseName = QString::number(volumeId);
        for (const CaseRow& row : browser_->rows()) {
            if (row.record.volumeId == volumeId)
                offer.caseName = QString::fromStdString(row.name);
        }
        offer.journalPath = QString::fromStdString(path);
        offer.voxelsChanged = int64_t(journal.voxelCount());
        offer.writtenAtUnixMs = journal.writtenAtUnixMs;
        offer.baseVersionId = journal.baseVersionId;
        if (document_->baseVersion())
            offer.labelOfRecordId = document_->baseVersion()->id;
        RecoveryDialog dialog(offer, this);
        switch (dialog.ask()) {
            case RecoveryChoice::Recover:
                return recoverJournal(path, journal);
            case RecoveryChoice::Discard:
                try {
                    recovery_files::remove(path);
                } catch (const std::exception& error) {
                    showError(tr("Cannot discard the unsaved edits"),
                              QString::fromUtf8(error.what()));
                    return false;
                }
                continue;  // an older journal put off for later is offered next
            case RecoveryChoice::Later:
                try {
                    recovery_files::putOffForLater(path);  // the case's next journal keeps off it
                } catch (const std::exception& error) {
                    showError(title, QString::fromUtf8(error.what()));
                }
                return false;
        }
    }
    return false;
}

bool MainWindow::recoverJournal(const std::string& path, const RecoveryJournal& journal) {
    const QString title = tr("Cannot recover unsaved edits");
    const int64_t currentBase = document_->baseVersion() ? document_->baseVersion()->id : 0;
    if (journal.baseVersionId != 0 && journal.baseVersionId != currentBase) {
        // Made on an older version: that version opens, with the edits on it.
        std::unique_ptr<CaseDocument> base;
        try {
            base = CaseDocument::load(*project_, document_->volumeId(), journal.baseVersionId);
        } catch (const std::exception& error) {
            showError(title, QString::fromStdString(path) + ": " + QString::fromUtf8(error.what()));
            return false;
        }
        setDocument(std::move(base));
    }
    try {
        LabelDiff diff = journalAsLabelDiff(journal, document_->labels(), path);
        EditSession& session = document_->session();
        const QString text = tr("Recovered edits");
        viewer_->labelsChanged(session.applyEdit(text.toStdString(), std::move(diff)));
        editUndo_.changed();  // one step of the session's history: undo takes it back
    } catch (const std::exception& error) {
        showError(title, QString::fromUtf8(error.what()));
        return false;
    }
    // Kept at once under the case's own journal, then the one recovered from goes.
    if (journal_->flush() && path != journal_->path()) {
        try {
            recovery_files::remove(path);
        } catch (const std::exception&) {
        }
    }
    statusBar()->showMessage(tr("Recovered %1 changed voxels from %2 (not saved yet)")
                                 .arg(qulonglong(journal.voxelCount()))
                                 .arg(QString::fromStdString(path)),
                             10000);
    updateTitle();
    showClassVolumes();
    return true;
}

}  // namespace segloop::ui
