#include "ui/editing/RecoveryJournalKeeper.h"

#include <chrono>

#include "storage/ProjectLayout.h"
#include "storage/RecoveryJournal.h"
#include "storage/RecoveryJournalFiles.h"
#include "ui/editing/CaseDocument.h"

namespace segloop::ui {

RecoveryJournalKeeper::RecoveryJournalKeeper(QObject* parent) : QObject(parent) {
    timer_.setSingleShot(true);
    timer_.setInterval(2000);
    connect(&timer_, &QTimer::timeout, this, [this] { flush(); });
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
    try {
        recovery_files::remove(path_);
    } catch (const std::exception& error) {
        Q_EMIT writeFailed(QString::fromUtf8(error.what()));
    }
}

bool RecoveryJournalKeeper::flush() {
    if (!document_ || !pending_)
        return true;
    if (document_->session().strokeInProgress()) {
        timer_.start();  // the stroke's voxels are not in the box yet: after it ends
        return true;
    }
    const auto start = std::chrono::steady_clock::now();
    try {
        if (!document_->isModified()) {
            recovery_files::remove(path_);
        } else {
            RecoveryJournal journal = diffLabelMaps(document_->volumeId(), baseVersionId_, base_,
                                                    document_->labels(), dirty_);
            journal.sequence = ++sequence_;
            journal.writtenAtUnixMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count();
            if (journal.runs.empty())
                recovery_files::remove(path_);
            else
                recovery_files::write(path_, journal);
        }
    } catch (const std::exception& error) {
        if (!failing_)
            Q_EMIT writeFailed(QString::fromUtf8(error.what()));
        failing_ = true;
        return false;
    }
    failing_ = false;
    pending_ = false;
    lastWriteMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                       .count();
    return true;
}

}  // namespace segloop::ui
