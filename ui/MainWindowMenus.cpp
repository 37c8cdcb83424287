// The main window's docks, menus and keyboard shortcuts (close to ITK-SNAP and 3D Slicer).
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QKeySequence>
#include <QMenuBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QTabWidget>

#include "ui/AboutDialog.h"
#include "ui/MainWindow.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/ToolPanel.h"
#include "ui/project/LabelClassesDialog.h"
#include "ui/project/LabelHistoryPanel.h"
#include "ui/project/ProjectBrowser.h"
#include "ui/project/ReviewQueuePanel.h"
#include "ui/training/MonitorPlotSaving.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/ClassVolumePanel.h"
#include "workflow/RunSettings.h"

namespace segloop::ui {
namespace {

constexpr int kMaxRecentProjects = 8;

/// A dock holding `content`; `scrolls`: in a vertical scroll area, because the right-hand
/// panels' heights add up to more than an 800-pixel screen and would raise the window's
/// minimum height.
QDockWidget* makeDock(QMainWindow* window, const QString& title, const char* name, QWidget* content,
                      bool scrolls = false) {
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(name);
    if (scrolls) {
        auto* scroll = new QScrollArea(dock);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        scroll->setWidget(content);
        scroll->setMinimumWidth(content->minimumSizeHint().width() +
                                scroll->verticalScrollBar()->sizeHint().width());
        dock->setWidget(scroll);
    } else {
        dock->setWidget(content);
    }
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    return dock;
}

}  // namespace

void MainWindow::buildDocks() {
    browser_ = new ProjectBrowser(this);
    browser_->setObjectName("projectBrowser");
    review_ = new ReviewQueuePanel(this);
    review_->setObjectName("reviewQueuePanel");
    auto* leftTabs = new QTabWidget(this);
    leftTabs->setObjectName("leftTabs");
    leftTabs->addTab(browser_, tr("Cases"));
    leftTabs->addTab(review_, tr("Review queue"));
    leftTabs->setMinimumWidth(300);
    addDockWidget(Qt::LeftDockWidgetArea, makeDock(this, tr("Project"), "projectDock", leftTabs));

    tools_ = new ToolPanel(this);
    tools_->setObjectName("toolPanel");
    trainingPanel_ = new TrainingPanel(*training_, this);
    trainingPanel_->setObjectName("trainingPanel");
    addSaveMonitorPngAction(*trainingPanel_, *training_);  // its context menu
    addDockWidget(Qt::RightDockWidgetArea, makeDock(this, tr("Tools"), "toolDock", tools_, true));
    addDockWidget(Qt::RightDockWidgetArea,
                  makeDock(this, tr("Training"), "trainingDock", trainingPanel_, true));
    classVolumes_ = new ClassVolumePanel(this);
    QDockWidget* measurements =
        makeDock(this, tr("Measurements"), "measurementsDock", classVolumes_, true);
    addDockWidget(Qt::RightDockWidgetArea, measurements);
    if (auto* trainingDock = findChild<QDockWidget*>("trainingDock")) {
        tabifyDockWidget(trainingDock, measurements);  // a tab beside Training: no height
        trainingDock->raise();
    }
    history_ = new LabelHistoryPanel(this);
    history_->setObjectName("labelHistoryPanel");
    leftTabs->addTab(history_, tr("History"));
    connect(history_, &LabelHistoryPanel::showRequested, this,
            [this](qint64 id) { showLabelVersion(id); });
    connect(history_, &LabelHistoryPanel::revertRequested, this,
            [this](qint64 id) { revertLabelVersion(id); });

    connect(browser_, &ProjectBrowser::caseActivated, this, [this](qint64 id) { openCase(id); });
    connect(review_, &ReviewQueuePanel::openRequested, this,
            [this](qint64 id) { openFromReviewQueue(id); });
    connect(review_, &ReviewQueuePanel::reviewRequested, this,
            [this](qint64 id, ReviewState state) { review(id, state); });
    connect(tools_, &ToolPanel::toolsChanged, viewer_, &CaseViewer::setTools);
    connect(tools_, &ToolPanel::overlaysChanged, viewer_, &CaseViewer::setOverlays);
    connect(tools_, &ToolPanel::windowLevelChosen, viewer_, &CaseViewer::setWindowLevel);
    viewer_->setTools(tools_->tools());
    viewer_->setOverlays(tools_->overlays());
    connect(trainingPanel_, &TrainingPanel::startRequested, this,
            [this](const TrainingSettings& settings) { startTraining(settings); });
    connect(trainingPanel_, &TrainingPanel::predictRequested, this, [this] {
        std::string refusal = "no project is open";
        if (!project_ || !training_->predict(*project_, &refusal))
            showError(tr("Cannot predict"), QString::fromStdString(refusal));
    });
    connect(trainingPanel_, &TrainingPanel::qualityRequested, this, [this] {
        std::string refusal = "no project is open";
        if (!project_ || !training_->trainQuality(*project_, QualitySettings{}, &refusal))
            showError(tr("Cannot train the quality predictor"), QString::fromStdString(refusal));
    });
    connect(trainingPanel_, &TrainingPanel::lastRunSettingsRequested, this, [this] {
        try {
            const std::optional<int64_t> run =
                project_ ? newestTrainingRunId(*project_) : std::nullopt;
            if (!run) {
                showError(tr("No settings to load"),
                          project_ ? tr("The project has no training run yet.")
                                   : tr("No project is open."));
                return;
            }
            trainingPanel_->loadSettings(rerunSettings(*project_, *run));
        } catch (const std::exception& error) {
            showError(tr("Cannot load the run's settings"), QString::fromUtf8(error.what()));
        }
    });
    // Scores arrive while Predict runs: the queue re-reads at most every two seconds.
    scoreRefresh_.setSingleShot(true);
    scoreRefresh_.setInterval(2000);
    connect(&scoreRefresh_, &QTimer::timeout, this, [this] { refreshCases(); });
    connect(training_, &TrainingController::scoresArrived, this, [this] {
        if (!scoreRefresh_.isActive())
            scoreRefresh_.start();
    });
    connect(training_, &TrainingController::predictionFinished, this, [this] {
        if (!document_ || document_->isModified())
            return;  // a modified case keeps its edits; it shows the new maps when reopened
        const int64_t volumeId = document_->volumeId();
        setDocument(nullptr);
        openCase(volumeId);  // reload: the new pseudo-label, uncertainty and SGRS regions
    });
    connect(training_, &TrainingController::monitorChanged, this, [this] {
        render::TrainingMonitorContent monitor = training_->monitor();
        for (const CaseRow& row : browser_->rows()) {
            if (row.predictedQuality)
                monitor.predictedQuality.push_back(float(*row.predictedQuality));
        }
        viewer_->setTrainingMonitor(monitor);
    });
    connect(training_, &TrainingController::finished, this,
            [this](const QString& summary, bool failed) {
                refreshCases();
                if (failed)
                    showError(tr("Training failed"), summary);
            });
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New project..."), QKeySequence::New, this, [this] { newProjectDialog(); });
    file->addAction(tr("&Open project..."), QKeySequence::Open, this,
                    [this] { openProjectDialog(); });
    recentMenu_ = file->addMenu(tr("Open &recent"));
    fillRecentMenu();
    file->addSeparator();
    file->addAction(tr("Import &DICOM folder..."), this, [this] { importDicomDialog(); });
    file->addAction(tr("Import &NIfTI files..."), QKeySequence(Qt::CTRL | Qt::Key_I), this,
                    [this] { importNiftiDialog(); });
    file->addAction(tr("Import DICOM &labels (SEG, RTSTRUCT)..."), this,
                    [this] { importDicomLabelsDialog(); })
        ->setObjectName("importDicomLabelsAction");
    file->addAction(tr("&PACS..."), this, [this] { pacsDialog(); })->setObjectName("pacsAction");
    file->addAction(tr("&Export labels..."), this, [this] { exportMasksDialog(); })
        ->setObjectName("exportAction");
    file->addAction(tr("Export &model..."), this, [this] { exportModelDialog(); })
        ->setObjectName("exportModelAction");
    file->addAction(tr("Restore &backup..."), this, [this] { restoreBackupDialog(); })
        ->setObjectName("restoreBackupAction");
    file->addSeparator();
    file->addAction(tr("&Save labels"), QKeySequence::Save, this, [this] { saveCase(); });
    file->addAction(tr("&Close project"), this, [this] { closeProject(); });
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, [this] { close(); });

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = editUndo_.createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    QAction* redo = editUndo_.createRedoAction(this, tr("&Redo"));
    redo->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    addEditShortcuts(edit);
    edit->addSeparator();
    edit->addAction(tr("&Label classes..."), this, [this] { labelClassesDialog(); })
        ->setObjectName("labelClassesAction");

    QMenu* reviewMenu = menuBar()->addMenu(tr("&Review"));
    const auto current = [this] { return document_ ? document_->volumeId() : 0; };
    reviewMenu->addAction(tr("&Accept"), QKeySequence(Qt::Key_A), this, [this, current] {
        if (current())
            review(current(), ReviewState::Accepted);
    });
    reviewMenu->addAction(tr("&Correct"), QKeySequence(Qt::Key_C), this, [this, current] {
        if (current())
            review(current(), ReviewState::Corrected);
    });
    reviewMenu->addAction(tr("Re&ject"), QKeySequence(Qt::Key_R), this, [this, current] {
        if (current())
            review(current(), ReviewState::Rejected);
    });
    reviewMenu->addAction(tr("&Next case"), QKeySequence(Qt::Key_Space), review_,
                          &ReviewQueuePanel::openNext);
    reviewMenu->addAction(tr("&Previous case"), QKeySequence(Qt::Key_P), review_,
                          &ReviewQueuePanel::openPrevious);

    QMenu* trainingMenu = menuBar()->addMenu(tr("&Training"));
    trainingMenu->addAction(tr("&Resume interrupted run"), this, [this] { resumeTraining(); })
        ->setObjectName("resumeTrainingAction");

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About SegLoop"), this, [this] { aboutDialog(); })
        ->setObjectName("aboutAction");
}

void MainWindow::addEditShortcuts(QMenu* menu) {
    const struct {
        const char* text;
        Qt::Key key;
        EditTool tool;
    } tools[] = {{"&Navigate / crosshair", Qt::Key_N, EditTool::Navigate},
                 {"&Brush", Qt::Key_B, EditTool::Brush},
                 {"&Eraser", Qt::Key_E, EditTool::Eraser},
                 {"&Flood fill", Qt::Key_F, EditTool::FloodFill}};
    for (const auto& tool : tools) {
        const EditTool chosen = tool.tool;
        menu->addAction(tr(tool.text), QKeySequence(tool.key), this,
                        [this, chosen] { tools_->setTool(chosen); });
    }
    menu->addAction(tr("Smaller brush"), QKeySequence(Qt::Key_BracketLeft), this,
                    [this] { tools_->scaleBrush(1.0 / 1.25); });
    menu->addAction(tr("Larger brush"), QKeySequence(Qt::Key_BracketRight), this,
                    [this] { tools_->scaleBrush(1.25); });
    QMenu* classes = menu->addMenu(tr("Active &class"));
    for (int labelClass = 1; labelClass <= 9; ++labelClass) {
        classes->addAction(tr("Class %1").arg(labelClass),
                           QKeySequence(Qt::Key(Qt::Key_0 + labelClass)), this,
                           [this, labelClass] { tools_->setActiveClass(labelClass); });
    }
}

void MainWindow::aboutDialog() {
    auto* dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::labelClassesDialog() {
    if (refuseWhenReadOnly(tr("Label classes")))
        return;
    if (!project_ || labelSetId_ == 0) {
        showError(tr("Label classes"),
                  project_ ? tr("The project has no label set yet.") : tr("Open a project first."));
        return;
    }
    auto* dialog = new LabelClassesDialog(*project_, labelSetId_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &LabelClassesDialog::applied, this, [this] { reloadLabelClasses(); });
    dialog->open();  // window-modal: the project stays open while the dialog is
}

void MainWindow::rememberRecentProject(const QString& folder) {
    QSettings settings("SegLoop", "SegLoop");
    QStringList recent = settings.value("recentProjects").toStringList();
    recent.removeAll(folder);
    recent.prepend(folder);
    while (recent.size() > kMaxRecentProjects)
        recent.removeLast();
    settings.setValue("recentProjects", recent);
    fillRecentMenu();
}

void MainWindow::fillRecentMenu() {
    recentMenu_->clear();
    const QStringList recent =
        QSettings("SegLoop", "SegLoop").value("recentProjects").toStringList();
    for (const QString& folder : recent) {
        recentMenu_->addAction(folder, this, [this, folder] { openProject(folder); });
    }
    recentMenu_->setEnabled(!recent.isEmpty());
}

}  // namespace segloop::ui
