#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <QObject>
#include <QString>
#include <QTimer>

#include "core/editing/VoxelBox.h"
#include "core/image/LabelMap.h"

namespace segloop {
class RecoveryJournalWriter;
}

namespace segloop::ui {

class CaseDocument;

/// Keeps the open case's unsaved edits in its recovery journal
/// (`<project>/recovery/volume-<id>.journal`, storage/RecoveryJournalFiles.h) so that a crash
/// between two saves loses at most the last `delayMs` of work.
///
/// Holds a copy of the labels as they were saved (or opened) and the box the edits changed
/// since; changed() after every edit, undo and redo arms a timer that, `delayMs` after the first
/// change not yet journaled, computes the difference on the GUI thread (only that box is
/// compared; never while a stroke is open) and hands it to the keeper's own writer thread, which
/// encodes, writes, fsyncs and renames it: a slow disk never holds up painting. Writes and
/// removals run one at a time in the order asked; one not started yet is replaced by a newer.
/// saved() takes a new copy and removes the journal (waiting for a write in flight first); a
/// case no longer modified (undone to its saved state) has its journal removed at the next write.
/// A write that fails is reported once through writeFailed() and tried again at the next
/// change. The document is not owned; detach() before it goes away. GUI thread only (but for
/// the writer thread it runs itself).
class RecoveryJournalKeeper : public QObject {
    Q_OBJECT

  public:
    explicit RecoveryJournalKeeper(QObject* parent = nullptr);
    /// Finishes the journal write in flight and the one waiting.
    ~RecoveryJournalKeeper() override;

    /// Journals `document` of the project in `projectFolder` from now on; its labels now are
    /// the base the journal is made against (`baseVersionId`: its base version, 0 for none).
    void attach(const std::string& projectFolder, CaseDocument* document);
    /// Stops journaling. The journal file stays as it is, unless the case was undone to its
    /// saved state since it was written (then it goes).
    void detach();
    /// Voxels in `box` changed (an edit, undo or redo).
    void changed(const VoxelBox& box);
    /// The document was saved as a new version: its labels are the new base; the journal goes.
    void saved();
    /// Removes the journal (its edits were saved or discarded on purpose).
    void removeJournal();
    /// Writes the journal now if edits are pending (removes it when the case is unmodified) and
    /// waits until it is on disk. false when the write failed (the error was reported).
    bool flush();

    void setDelayMs(int milliseconds) { timer_.setInterval(milliseconds); }
    int delayMs() const { return timer_.interval(); }
    /// The path of the attached case's journal ("" when detached).
    const std::string& path() const { return path_; }
    /// Milliseconds the GUI thread spent on the last write (the diff) and the writer thread
    /// (encode + write + fsync + rename).
    double lastDiffMs() const { return lastDiffMs_; }
    double lastWriteMs() const;
    /// Journal writes and removals that succeeded.
    uint64_t writeCount() const { return written_.load(); }

  Q_SIGNALS:
    /// A journal write failed (once until one succeeds again): `message` names the file.
    void writeFailed(const QString& message);

  private:
    /// Diffs the pending edits and hands the write (or removal) to the writer; `wait`: until
    /// it is done. false when it (or, waiting, the write) failed.
    bool journalPending(bool wait);
    void report(bool ok, const QString& message);

    CaseDocument* document_ = nullptr;
    std::string path_;
    LabelMap base_;
    int64_t baseVersionId_ = 0;
    VoxelBox dirty_;        ///< changed since base_ (union of boxes)
    bool pending_ = false;  ///< changes since the last write
    bool failing_ = false;  ///< the last write failed (reported once)
    uint64_t sequence_ = 0;
    double lastDiffMs_ = 0.0;
    QTimer timer_;
    std::unique_ptr<RecoveryJournalWriter> writer_;
    std::atomic<uint64_t> written_{0};
};

}  // namespace segloop::ui
