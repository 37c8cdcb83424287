#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <QObject>
#include <QString>
#include <QTimer>

#include "core/editing/VoxelBox.h"
#include "core/image/LabelMap.h"

namespace segloop::ui {

class CaseDocument;

/// Keeps the open case's unsaved edits in its recovery journal
/// (`<project>/recovery/volume-<id>.journal`, storage/RecoveryJournalFiles.h) so that a crash
/// between two saves loses at most the last `delayMs` of work.
///
/// Holds a copy of the labels as they were saved (or opened) and the box the edits changed
/// since; changed() after every edit, undo and redo arms a timer that, `delayMs` after the first
/// change not yet journaled, writes the difference (only that box is compared; never while a
/// stroke is open). saved() takes a new copy and removes the journal; a case that is no longer
/// modified (undone to its saved state) has its journal removed at the next write.
/// A write that fails is reported once through writeFailed() and tried again at the next
/// change. The document is not owned; detach() before it goes away. GUI thread only.
class RecoveryJournalKeeper : public QObject {
    Q_OBJECT

  public:
    explicit RecoveryJournalKeeper(QObject* parent = nullptr);

    /// Journals `document` of the project in `projectFolder` from now on; its labels now are
    /// the base the journal is made against (`baseVersionId`: its base version, 0 for none).
    void attach(const std::string& projectFolder, CaseDocument* document);
    /// Stops journaling (the journal file stays as it is).
    void detach();
    /// Voxels in `box` changed (an edit, undo or redo).
    void changed(const VoxelBox& box);
    /// The document was saved as a new version: its labels are the new base; the journal goes.
    void saved();
    /// Removes the journal (its edits were saved or discarded on purpose).
    void removeJournal();
    /// Writes the journal now if edits are pending (removes it when the case is unmodified).
    /// false when the write failed (the error was reported).
    bool flush();

    void setDelayMs(int milliseconds) { timer_.setInterval(milliseconds); }
    int delayMs() const { return timer_.interval(); }
    /// The path of the attached case's journal ("" when detached).
    const std::string& path() const { return path_; }
    /// Milliseconds the last write took (diff + encode + write + fsync + rename).
    double lastWriteMs() const { return lastWriteMs_; }
    uint64_t writeCount() const { return sequence_; }

  Q_SIGNALS:
    /// A journal write failed (once until one succeeds again): `message` names the file.
    void writeFailed(const QString& message);

  private:
    CaseDocument* document_ = nullptr;
    std::string path_;
    LabelMap base_;
    int64_t baseVersionId_ = 0;
    VoxelBox dirty_;      ///< changed since base_ (union of boxes)
    bool pending_ = false;  ///< changes since the last write
    bool failing_ = false;  ///< the last write failed (reported once)
    uint64_t sequence_ = 0;
    double lastWriteMs_ = 0.0;
    QTimer timer_;
};

}  // namespace segloop::ui
