#pragma once

#include <cstdint>
#include <optional>

#include <QMessageBox>
#include <QString>

class QPushButton;

namespace segloop::ui {

/// What the user chose for a case's recovery journal.
enum class RecoveryChoice { Recover, Discard, Later };

/// What the recovery dialog says about one journal.
struct RecoveryOffer {
    QString caseName;
    QString journalPath;
    int64_t voxelsChanged = 0;
    qint64 writtenAtUnixMs = 0;
    int64_t baseVersionId = 0;               ///< 0: edits of a case that had no label
    std::optional<int64_t> labelOfRecordId;  ///< what the case shows now, if any
    bool baseIsCurrent() const {
        return labelOfRecordId ? *labelOfRecordId == baseVersionId : baseVersionId == 0;
    }
};

/// "Recover unsaved edits?": the case, how many voxels the journaled edits changed and when,
/// the label version they were made on (and, when that is no longer the case's label of
/// record, that it is not), with Recover / Discard / Later. objectName "recoveryDialog";
/// buttons "recoverButton", "discardButton", "laterButton" (Escape: Later). GUI thread only.
class RecoveryDialog : public QMessageBox {
    Q_OBJECT

  public:
    RecoveryDialog(const RecoveryOffer& offer, QWidget* parent = nullptr);

    /// Runs the dialog; closing it any other way counts as Later.
    RecoveryChoice ask();

  private:
    QPushButton* recover_ = nullptr;
    QPushButton* discard_ = nullptr;
    QPushButton* later_ = nullptr;
};

}  // namespace segloop::ui
