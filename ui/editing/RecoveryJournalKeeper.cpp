#include "ui/editing/RecoveryJournalKeeper.h"

#include <chrono>

#include "storage/ProjectLayout.h"
#include "storage/RecoveryJournal.h"
#include "storage/RecoveryJournalFiles.h"
#include "storage/RecoveryJournalWriter.h"
#include "ui/editing/CaseDocument.h"

namespace segloop::ui {

RecoveryJournalKeeper::RecoveryJournalKeeper(QObject* parent) : QObject(parent) {
    timer_.setSingleShot(true);
    timer_.setInterval(2000);
    connect(&timer_, &QTimer::timeout, this, [this] { journalPending(false); });
    // The writer thread reports each job back to the GUI thread (dropped once this is gone).
    writer_ = std::make_unique<RecoveryJournalWriter>([this](bool ok, const std::string& error) {
        if (ok)
            ++written_;
        QMetaObject::invokeMethod(
            this, [this, ok, message = QString::fromStdString(error)] { report(ok, message); },
            Qt::QueuedConnection);
    });
}

RecoveryJournalKeeper::~RecoveryJournalKeeper() {
    writer_.reset();  // finishes the write in flight and the one waiting
}

double RecoveryJournalKeeper::lastWriteMs() const {
    return writer_->lastJobMs();
}

void RecoveryJournalKeeper::report(bool ok, const QString& message) {
    if (ok) {
        failing_ = false;
        return;
    }
    if (!failing_)
        Q_EMIT writeFailed(message);
    failing_ = true;
}

void RecoveryJournalKeeper::attach(const std::string& projectFolder, CaseDocument* document) {
    detach();
    if (!document)
        return;
    document_ = document;
    path_ = recovery_files::journalPath(ProjectLayout{projectFolder}, document->volumeId());
    base_ = document->labels();
    baseVersionId_ = document->baseVersion() ? document->baseVersion()->id : 0;
}

void RecoveryJournalKeeper::detach() {
    timer_.stop();
    // Undone to its saved state since the last write: the journal on disk is outdated.
    if (document_ && pending_ && !document_->isModified())
        removeJournal();
    document_ = nullptr;
    path_.clear();
    base_ = LabelMap();
    dirty_ = VoxelBox();
    pending_ = false;
}

void RecoveryJournalKeeper::changed(const VoxelBox& box) {
    if (!document_)
        return;
    dirty_.include(box);
    pending_ = true;
    if (!timer_.isActive())
        timer_.start();
}

void RecoveryJournalKeeper::saved() {
    if (!document_)
        return;
    timer_.stop();
    base_ = document_->labels();
    baseVersionId_ = document_->baseVersion() ? document_->baseVersion()->id : 0;
    dirty_ = VoxelBox();
    pending_ = false;
    removeJournal();
}

void RecoveryJournalKeeper::removeJournal() {
    if (path_.empty())
        return;
    writer_->remove(path_);    // after any write still in flight, which it would undo otherwise
    writer_->waitUntilIdle();  // a failure is reported through writeFailed()
}

bool RecoveryJournalKeeper::flush() {
    return journalPending(true);
}

bool RecoveryJournalKeeper::journalPending(bool wait) {
    if (!document_)
        return true;
    if (!pending_)
        return wait ? writer_->waitUntilIdle() : true;
    if (document_->session().strokeInProgress()) {
        timer_.start();  // the stroke's voxels are not in the box yet: after it ends
        return true;
    }
    const auto start = std::chrono::steady_clock::now();
    try {
        if (!document_->isModified()) {
            writer_->remove(path_);
        } else {
            RecoveryJournal journal = diffLabelMaps(document_->volumeId(), baseVersionId_, base_,
                                                    document_->labels(), dirty_);
            journal.sequence = ++sequence_;
            journal.writtenAtUnixMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count();
            if (journal.runs.empty())
                writer_->remove(path_);
            else
                writer_->write(path_, std::move(journal));
        }
    } catch (const std::exception& error) {  // the labels' grid changed: nothing to write
        report(false, QString::fromUtf8(error.what()));
        return false;
    }
    pending_ = false;  // a write that fails is tried again at the next change
    lastDiffMs_ =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return wait ? writer_->waitUntilIdle() : true;
}

}  // namespace segloop::ui
