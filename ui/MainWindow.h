#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <QMainWindow>
#include <QTimer>

#include "learning/settings/TrainingSettings.h"
#include "render/OverlayColours.h"
#include "storage/RecordKinds.h"
#include "ui/editing/EditUndo.h"
#include "workflow/MaskExport.h"

class QLabel;
class QMenu;

namespace segloop {
class Project;
struct RecoveryJournal;
}  // namespace segloop

namespace segloop::ui {

class CaseDocument;
class CaseViewer;
class ClassVolumePanel;
class LabelHistoryPanel;
class ProjectBrowser;
class RecoveryJournalKeeper;
class ReviewQueuePanel;
class ToolPanel;
class TrainingController;
class TrainingPanel;

/// The `segloop` main window: project browser and review queue (left), the case viewer
/// (centre), correction tools, overlays and training (right), menus with ITK-SNAP / Slicer-like
/// shortcuts. Owns the open project (GUI-thread connection), the open case and its undo stack.
///
/// No edit is lost: switching case, closing the project or the window, and a periodic timer
/// save a modified case as a new label version first; when that save fails the switch or close
/// is refused and the error shown. Errors name the file and the problem (segloop::Error).
/// GUI thread only.
class MainWindow : public QMainWindow {
    Q_OBJECT

  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a project folder (closing the current one first). false: shown as an error.
    bool openProject(const QString& folder);
    /// Saves the open case when modified, stops training, closes the project. false: the case
    /// could not be saved and the project stays open.
    bool closeProject();
    /// Opens a volume of the project, autosaving the open case first.
    bool openCase(int64_t volumeId);
    /// Writes the open case as a new label version (nothing when unmodified). false on error.
    bool saveCase();
    /// Saves the open case only when it is modified (autosave).
    bool autosave();
    bool startTraining(const TrainingSettings& settings);
    /// Training > Resume interrupted run: the project's newest run that was killed, crashed or
    /// stopped early goes on from its last good checkpoint (as `segloop-cli train --resume`).
    bool resumeTraining();
    /// Records a review decision for a volume through the workflow (ReviewDecisions.h):
    /// Accepted (a new accepted label version; an edited open case is saved as a correction
    /// instead), Corrected (opens it with the brush; saving records the correction), Rejected
    /// (refused while the open case has unsaved edits), Pending (releases a case this user
    /// took). false with the error shown when the decision is refused.
    bool review(int64_t volumeId, ReviewState state);
    /// Takes a case of the review queue for this user (storage takeForReview) and opens it.
    /// false, with the queue read again, when another reviewer has it (it is not opened).
    bool openFromReviewQueue(int64_t volumeId);
    /// Imports DICOM folders / NIfTI files into the open project off the GUI thread, with a
    /// progress dialog and cancel; all or nothing. false: nothing imported (error shown).
    bool importFiles(const std::vector<std::string>& inputs);
    /// Exports as `segloop-cli export` does (the workflow's exportLabels: images, labels of
    /// record, manifest.csv in `folder`) off the GUI thread (progress, cancel); refuses to
    /// overwrite files. false: error shown.
    bool exportMasks(const QString& folder);
    /// Exports with the export dialog's choices (same files as the CLI). false: error shown.
    bool exportLabels(const ExportRequest& request);
    /// Writes model `modelId` as a model bundle at `path` (the workflow's exportModelBundle, as
    /// `segloop-cli export-model`) off the GUI thread (progress, cancel). false: error shown.
    bool exportModel(int64_t modelId, const QString& path);
    /// Opens version `labelVersionId` of the open case's volume in the viewer (saving the open
    /// case first); editing it and saving makes a new version whose parent it is.
    bool showLabelVersion(int64_t labelVersionId);
    /// Makes `labelVersionId` the label of record again (workflow revertToVersion: a new
    /// version copying it) and reopens the case. false: error shown.
    bool revertLabelVersion(int64_t labelVersionId);
    LabelHistoryPanel& historyPanel() const { return *history_; }
    /// Reads the project's cases again into the browser and the review queue.
    void refreshCases();
    /// Reads the label set's class names and colours again (after they were edited) into the
    /// tool panel and the viewer; the open case keeps its edits.
    void reloadLabelClasses();

    /// True when the open project is read-only for this user (opened for browsing: edits,
    /// training and review decisions are off, a notice shows in the status bar).
    bool isReadOnly() const;
    /// Puts a backup (a file name of the project's backups folder, or a path) back in place
    /// through the same function as `segloop-cli restore` (closing and reopening the project).
    /// false: error shown, the project as it was.
    bool restoreBackup(const QString& backupName);

    /// The open case's recovery journal (MainWindowRecovery.cpp): unsaved edits are kept in
    /// `<project>/recovery/volume-<id>.journal` ~2 s after a change and removed once saved.
    RecoveryJournalKeeper& recoveryJournal() const { return *journal_; }
    /// Offers the open case's journaled unsaved edits (a RecoveryDialog: Recover / Discard /
    /// Later); openCase() calls it. A journal that cannot be read is renamed aside and the
    /// error shown. Returns true when edits were recovered into the open case.
    bool offerRecovery();
    void setAutosaveIntervalMs(int milliseconds);
    /// false: errors go to lastError() only, no message box (tests, scripts).
    void setErrorDialogsEnabled(bool enabled) { errorDialogs_ = enabled; }
    const QString& lastError() const { return lastError_; }

    Project* project() const { return project_.get(); }
    CaseDocument* document() const { return document_.get(); }
    CaseViewer& viewer() const { return *viewer_; }
    /// Undo and redo of the open case: its session's one edit history.
    EditUndo& editUndo() { return editUndo_; }
    ProjectBrowser& browser() const { return *browser_; }
    ReviewQueuePanel& reviewQueue() const { return *review_; }
    ToolPanel& toolPanel() const { return *tools_; }
    TrainingController& training() const { return *training_; }
    TrainingPanel& trainingPanel() const { return *trainingPanel_; }

  protected:
    void closeEvent(QCloseEvent* event) override;

  private:
    void buildDocks();
    void buildMenus();
    void addEditShortcuts(QMenu* menu);
    void updateTitle();
    void showCursorStatus();
    /// Lists the open case's label versions in the history panel.
    void showLabelHistory();
    /// Measures the open case's labels (none: an empty table) in the Measurements tab.
    void showClassVolumes();
    /// Runs `work` (a workflow use case) off the GUI thread with its own connection to the open
    /// project, behind a progress dialog that shows after 300 ms; shows the error under
    /// `errorTitle` when it fails. false when it failed or there is no project.
    bool runProjectJob(const QString& title, const QString& errorTitle,
                       const std::function<void(Project&)>& work);
    /// Replaces the open case by `next` (the viewer and undo stack follow).
    void setDocument(std::unique_ptr<CaseDocument> next);
    void showError(const QString& title, const QString& text);
    /// Hands a queued case to this user unless it is theirs already; false (error shown) when
    /// another reviewer has it. A case not in the queue (not a pseudo-label) needs no taking.
    bool claimForReview(int64_t volumeId);
    /// Read-only mode on or off after a project opened (MainWindowAccess.cpp).
    void applyAccessMode();
    /// Shows why under `title` and returns true when the project is read-only.
    bool refuseWhenReadOnly(const QString& title);
    /// File > Restore backup...: lists the backups, restoreBackup() on the one picked.
    void restoreBackupDialog();
    /// The volume to open first: the first one with a recovery journal, else `fallback`.
    int64_t firstVolumeToOpen(int64_t fallback) const;
    /// Recovers journal `path` (already read as `journal`) into the open case; false: error shown.
    bool recoverJournal(const std::string& path, const RecoveryJournal& journal);
    void rememberRecentProject(const QString& folder);
    void fillRecentMenu();
    // Project actions (ProjectActions.cpp).
    void newProjectDialog();
    void openProjectDialog();
    void importDicomDialog();
    void importNiftiDialog();
    /// File > Import DICOM labels: SEG and RTSTRUCT files of series the project holds.
    void importDicomLabelsDialog();
    void exportMasksDialog();
    /// File > Export model: picks a segmentation model and a file, then exportModel()
    /// (MainWindowModelExport.cpp).
    void exportModelDialog();
    /// "Label classes...": a LabelClassesDialog on the label set; the window reloads the
    /// classes when it applies.
    void labelClassesDialog();
    /// "PACS...": a PacsDialog on the open project (MainWindowPacs.cpp); the window reads its
    /// cases and classes again when series were imported.
    void pacsDialog();
    /// Help > About SegLoop: an AboutDialog (version, licences of the bundled data).
    void aboutDialog();
    /// Takes the id, class names and colours of `project`'s first label set.
    void readLabelClasses(Project& project);
    /// Shows document_ in the viewer with the classes, its saved SGRS regions and overlays.
    void showDocument();

    std::unique_ptr<Project> project_;
    std::unique_ptr<CaseDocument> document_;
    int64_t labelSetId_ = 0;
    std::vector<std::string> classNames_;
    std::vector<render::Rgb> classColours_;
    EditUndo editUndo_;
    QTimer autosaveTimer_;
    QTimer scoreRefresh_;  ///< coalesces the queue refreshes while scores arrive
    CaseViewer* viewer_ = nullptr;
    ProjectBrowser* browser_ = nullptr;
    ReviewQueuePanel* review_ = nullptr;
    ToolPanel* tools_ = nullptr;
    TrainingController* training_ = nullptr;
    TrainingPanel* trainingPanel_ = nullptr;
    LabelHistoryPanel* history_ = nullptr;
    RecoveryJournalKeeper* journal_ = nullptr;
    ClassVolumePanel* classVolumes_ = nullptr;
    QLabel* cursorStatus_ = nullptr;
    QLabel* caseStatus_ = nullptr;
    QLabel* readOnlyNotice_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QString lastError_;
    bool errorDialogs_ = true;
};

}  // namespace segloop::ui
