#include "ui/MainWindow.h"

#include <map>

#include <QCloseEvent>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>

#include "core/Error.h"
#include "storage/PredictionFiles.h"
#include "storage/Project.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/RecoveryJournalKeeper.h"
#include "ui/editing/ToolPanel.h"
#include "ui/project/LabelHistoryPanel.h"
#include "ui/project/ProjectBrowser.h"
#include "ui/project/ReviewQueuePanel.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/ClassVolumePanel.h"
#include "workflow/ReviewQueue.h"

namespace segloop::ui {
MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName("mainWindow");
    viewer_ = new CaseViewer(this);
    viewer_->setObjectName("caseViewer");
    viewer_->setEditUndo(&editUndo_);
    setCentralWidget(viewer_);
    training_ = new TrainingController(this);
    journal_ = new RecoveryJournalKeeper(this);
    connect(journal_, &RecoveryJournalKeeper::writeFailed, this, [this](const QString& message) {
        lastError_ = message;
        statusBar()->showMessage(tr("Unsaved edits are not kept for recovery: %1").arg(message),
                                 10000);
    });
    buildDocks();
    buildMenus();
    // Each edit, undo and redo: the class volumes are counted again on the slices it changed.
    connect(&editUndo_, &EditUndo::indexChanged, this, [this] {
        if (!document_)
            return;
        const VoxelBox& changed = document_->session().lastChangedRegion();
        if (!changed.empty())
            classVolumes_->labelsChanged(document_->labels(), changed.min[2], changed.max[2]);
    });
    cursorStatus_ = new QLabel(this);
    cursorStatus_->setObjectName("cursorStatus");
    caseStatus_ = new QLabel(this);
    statusBar()->addWidget(caseStatus_);
    statusBar()->addPermanentWidget(cursorStatus_);
    connect(viewer_, &CaseViewer::cursorMoved, this, [this] { showCursorStatus(); });
    // Drags, presets and typed values all show in the tool panel's window/level boxes.
    connect(viewer_, &CaseViewer::windowLevelChanged, tools_, &ToolPanel::showWindowLevel);
    connect(&editUndo_, &EditUndo::indexChanged, this, [this] { updateTitle(); });
    // Each edit, undo and redo: the recovery journal is written ~2 s later.
    connect(&editUndo_, &EditUndo::indexChanged, this, [this] {
        if (document_)
            journal_->changed(document_->session().lastChangedRegion());
    });
    autosaveTimer_.setInterval(120000);
    connect(&autosaveTimer_, &QTimer::timeout, this, [this] { autosave(); });
    autosaveTimer_.start();
    resize(1280, 800);
    updateTitle();
}

MainWindow::~MainWindow() {
    journal_->detach();
    training_->stop();
    training_->waitUntilStopped();
    viewer_->setDocument(nullptr, {}, {});
    editUndo_.setSession(nullptr, {});
}

bool MainWindow::openProject(const QString& folder) {
    if (!closeProject())
        return false;
    try {
        auto project =
            std::make_unique<Project>(Project::open(folder.toStdString(), ProjectAccess::Browse));
        readLabelClasses(*project);
        project_ = std::move(project);
    } catch (const std::exception& error) {
        showError(tr("Cannot open project"), QString::fromUtf8(error.what()));
        return false;
    }
    tools_->setClassNames(classNames_.empty() ? std::vector<std::string>{"label 1"} : classNames_);
    applyAccessMode();
    rememberRecentProject(folder);
    refreshCases();
    const auto& rows = browser_->rows();
    if (!rows.empty())
        openCase(firstVolumeToOpen(rows.front().record.volumeId));
    updateTitle();
    return true;
}

bool MainWindow::closeProject() {
    if (!project_)
        return true;
    if (!autosave())
        return false;
    training_->stop();
    training_->waitUntilStopped();
    setDocument(nullptr);
    project_.reset();
    browser_->setRows({});
    review_->setCases({}, {});
    updateTitle();
    return true;
}

bool MainWindow::openCase(int64_t volumeId) {
    if (!project_)
        return false;
    if (document_ && document_->volumeId() == volumeId)
        return true;
    if (!autosave())
        return false;
    std::unique_ptr<CaseDocument> next;
    try {
        next = CaseDocument::load(*project_, volumeId);
    } catch (const std::exception& error) {
        showError(tr("Cannot open case"), QString::fromUtf8(error.what()));
        return false;
    }
    setDocument(std::move(next));
    bool known = false;
    double quality = 0.0;
    for (const CaseRow& row : browser_->rows()) {
        if (row.record.volumeId == volumeId && row.predictedQuality) {
            known = true;
            quality = *row.predictedQuality;
        }
    }
    viewer_->setPredictedQuality(known, quality);
    browser_->selectVolume(volumeId);
    review_->setCurrentVolume(volumeId);
    updateTitle();
    offerRecovery();
    return true;
}

void MainWindow::setDocument(std::unique_ptr<CaseDocument> next) {
    journal_->detach();
    viewer_->setDocument(nullptr, {}, {});
    editUndo_.setSession(nullptr, {});
    editUndo_.changed();
    document_ = std::move(next);
    if (document_)  // the case's own history, new with it: nothing to undo yet
        editUndo_.setSession(&document_->session(),
                             [this](const VoxelBox& box) { viewer_->labelsChanged(box); });
    if (document_ && project_ && !isReadOnly())
        journal_->attach(project_->layout().folder, document_.get());
    if (document_)
        showDocument();
    else
        history_->setHistory({});
    showClassVolumes();
}

void MainWindow::showDocument() {
    viewer_->setDocument(document_.get(), classNames_, classColours_);
    tools_->setWindowLevelPresets(viewer_->windowLevelPresets());
    try {
        viewer_->setSgrsRegions(document_->baseVersion()
                                    ? loadSavedRegions(*project_, document_->baseVersion()->id)
                                    : std::nullopt);
    } catch (const std::exception&) {
        viewer_->setSgrsRegions(std::nullopt);  // an unreadable map: the case opens without it
    }
    tools_->setOverlayAvailability(document_->pseudoLabel().has_value(),
                                   document_->uncertainty() != nullptr, viewer_->hasSgrsRegions());
    showLabelHistory();
}

void MainWindow::readLabelClasses(Project& project) {
    const std::vector<LabelSet> sets = project.labelSets().list();
    classNames_.clear();
    classColours_.clear();
    labelSetId_ = sets.empty() ? 0 : sets.front().id;
    if (!sets.empty()) {
        for (const LabelClass& labelClass : sets.front().classes) {
            classNames_.push_back(labelClass.name);
            classColours_.push_back({labelClass.colourRgb[0] / 255.0,
                                     labelClass.colourRgb[1] / 255.0,
                                     labelClass.colourRgb[2] / 255.0});
        }
    }
}

void MainWindow::reloadLabelClasses() {
    if (!project_)
        return;
    try {
        readLabelClasses(*project_);
    } catch (const std::exception& error) {
        showError(tr("Cannot read the label classes"), QString::fromUtf8(error.what()));
        return;
    }
    const int activeClass = tools_->tools().activeClass;
    tools_->setClassNames(classNames_.empty() ? std::vector<std::string>{"label 1"} : classNames_);
    tools_->setActiveClass(activeClass);
    if (document_)
        showDocument();
    showClassVolumes();
}

bool MainWindow::saveCase() {
    if (!project_ || !document_ || !document_->isModified())
        return true;
    if (refuseWhenReadOnly(tr("Cannot save the labels")))
        return false;
    try {
        if (labelSetId_ == 0) {
            labelSetId_ =
                project_->labelSets().create("labels", {LabelClass{1, "label 1", {255, 0, 0}}});
        }
        // A case opened for correction from the review queue is corrected once saved.
        const int64_t id = document_->save(*project_, labelSetId_);
        journal_->saved();    // after the commit: a crash before it keeps the journal
        editUndo_.changed();  // the session's save point moved: the title follows
        statusBar()->showMessage(tr("Saved label version %1").arg(id), 5000);
        showLabelHistory();
    } catch (const std::exception& error) {
        showError(tr("Cannot save the labels"), QString::fromUtf8(error.what()));
        return false;
    }
    refreshCases();
    updateTitle();
    return true;
}

bool MainWindow::autosave() {
    return saveCase();
}

bool MainWindow::startTraining(const TrainingSettings& settings) {
    if (!project_ || refuseWhenReadOnly(tr("Cannot start training")))
        return false;
    if (!saveCase())
        return false;
    std::string refusal;
    try {
        TrainingSessionOptions options;
        options.settings = settings;
        options.acceptedLabelsTrain = trainingPanel_->acceptedLabelsTrain();
        const std::set<std::string> given = trainingPanel_->givenKeys();
        options.noteGivenSettings({given.begin(), given.end()});
        if (training_->start(*project_, options, &refusal))
            return true;
    } catch (const std::exception& error) {
        refusal = error.what();
    }
    showError(tr("Cannot start training"), QString::fromStdString(refusal));
    return false;
}

bool MainWindow::resumeTraining() {
    if (!project_ || refuseWhenReadOnly(tr("Cannot resume training")))
        return false;
    if (!saveCase())
        return false;
    std::string refusal;
    std::string started;
    if (training_->resumeInterrupted(*project_, &refusal, &started)) {
        statusBar()->showMessage(tr("Resumed %1").arg(QString::fromStdString(started)), 10000);
        return true;
    }
    showError(tr("Cannot resume training"), QString::fromStdString(refusal));
    return false;
}

void MainWindow::refreshCases() {
    if (!project_)
        return;
    try {
        std::vector<CaseRow> rows = readCaseRows(*project_);
        std::map<int64_t, QString> names;
        for (const CaseRow& row : rows)
            names[row.record.volumeId] = QString::fromStdString(row.name);
        review_->setCases(readReviewQueueCases(*project_, project_->userName()), std::move(names));
        browser_->setRows(std::move(rows));
        if (document_)
            browser_->selectVolume(document_->volumeId());
        const ProjectSummary summary = project_->summary();
        caseStatus_->setText(
            tr("%1 volumes: %2 human, %3 corrected, %4 accepted, %5 pseudo, %6 unlabelled")
                .arg(summary.volumes)
                .arg(summary.volumesHuman)
                .arg(summary.volumesCorrected)
                .arg(summary.volumesAccepted)
                .arg(summary.volumesPseudo)
                .arg(summary.volumesUnlabelled));
    } catch (const std::exception& error) {
        showError(tr("Cannot read the project"), QString::fromUtf8(error.what()));
    }
}

void MainWindow::setAutosaveIntervalMs(int milliseconds) {
    autosaveTimer_.start(milliseconds);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!closeProject()) {
        event->ignore();
        return;
    }
    event->accept();
}

void MainWindow::updateTitle() {
    QString title = "SegLoop";
    if (project_)
        title += QString::fromUtf8(" \u2014 ") + QString::fromStdString(project_->layout().folder);
    if (isReadOnly())
        title += tr(" [read-only]");
    if (document_) {
        const CaseRow* row = nullptr;
        for (const CaseRow& candidate : browser_->rows()) {
            if (candidate.record.volumeId == document_->volumeId())
                row = &candidate;
        }
        title += QString::fromUtf8(" \u2014 ") +
                 (row ? QString::fromStdString(row->name) : QString::number(document_->volumeId()));
        if (document_->isModified())
            title += " *";
    }
    setWindowTitle(title);
}

void MainWindow::showCursorStatus() {
    const CursorInfo& cursor = viewer_->cursor();
    if (!cursor.inside) {
        cursorStatus_->clear();
        return;
    }
    cursorStatus_->setText(tr("(%1, %2, %3) mm   voxel [%4, %5, %6]   value %7   label %8")
                               .arg(cursor.worldMm[0], 0, 'f', 1)
                               .arg(cursor.worldMm[1], 0, 'f', 1)
                               .arg(cursor.worldMm[2], 0, 'f', 1)
                               .arg(cursor.voxel[0])
                               .arg(cursor.voxel[1])
                               .arg(cursor.voxel[2])
                               .arg(double(cursor.value))
                               .arg(cursor.label));
}

void MainWindow::showError(const QString& title, const QString& text) {
    lastError_ = text;
    if (errorDialogs_) {
        QMessageBox::warning(this, title, text);
    } else {
        statusBar()->showMessage(text, 10000);
    }
}

}  // namespace segloop::ui
