#include "ui/training/TrainingPanel.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/learning/methods/MethodNames.h"
#include "core/learning/training/SettingsSchema.h"
#include "workflow/TrainingSession.h"

namespace segloop::ui {
namespace {

QString durationText(double seconds) {
    const long long total = static_cast<long long>(seconds + 0.5);
    if (total >= 3600)
        return QString("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60);
    if (total >= 60)
        return QString("%1 min %2 s").arg(total / 60).arg(total % 60);
    return QString("%1 s").arg(total);
}

}  // namespace

TrainingPanel::TrainingPanel(TrainingController& controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    const TrainingSettings defaults;
    const TrainingSessionOptions sessionDefaults;
    method_ = new QComboBox(this);
    method_->setObjectName("trainingMethod");
    for (const std::string& name : trainingMethodNames())
        method_->addItem(QString::fromStdString(name));
    method_->setCurrentText(QString::fromStdString(defaults.method));
    method_->setToolTip(
        tr("quality-guided: a base method weighted by the project's newest "
           "quality predictor (Train quality predictor, or a finished run with 3 "
           "or more labelled volumes, makes one)"));
    pseudoLabels_ = new QComboBox(this);
    pseudoLabels_->setObjectName("trainingPseudoLabels");
    for (const std::string& source : trainingSettingChoices("methods.pseudo_labels"))
        pseudoLabels_->addItem(QString::fromStdString(source));
    pseudoLabels_->setCurrentText(QString::fromStdString(defaults.methodSettings.pseudoLabels));
    pseudoLabels_->setToolTip(
        tr("Where the unlabelled images' pseudo-labels come from: the "
           "teacher's softmax, or the nearest labelled voxel in the "
           "teacher's features (reference-guided, docs/methods.md)"));
    baseMethod_ = new QComboBox(this);
    baseMethod_->setObjectName("trainingBaseMethod");
    for (const std::string& base : trainingSettingChoices("methods.quality_base_method"))
        baseMethod_->addItem(QString::fromStdString(base));
    baseMethod_->setCurrentText(QString::fromStdString(defaults.methodSettings.qualityBaseMethod));
    iterations_ = new QSpinBox(this);
    iterations_->setObjectName("trainingIterations");
    iterations_->setRange(1, 1000000);
    iterations_->setValue(int(defaults.iterations));
    acceptedLabels_ = new QCheckBox(tr("Accepted pseudo-labels train"), this);
    acceptedLabels_->setObjectName("trainingAcceptedLabels");
    acceptedLabels_->setChecked(sessionDefaults.acceptedLabelsTrain);
    acceptedLabels_->setToolTip(
        tr("Pseudo-labels a reviewer accepted count as labelled, as human "
           "and corrected labels do"));
    strongView_ = new QCheckBox(tr("Strong view for the student"), this);
    strongView_->setObjectName("trainingStrongView");
    strongView_->setChecked(defaults.methodSettings.strongStudentView);
    strongView_->setToolTip(
        tr("The student sees each unlabelled image with its own contrast, "
           "brightness, noise and flips; the teacher sees it plain "
           "(methods.strong_student_view, docs/methods.md)"));
    copyPaste_ = new QCheckBox(tr("Copy-paste mixing (sgrs)"), this);
    copyPaste_->setObjectName("trainingCopyPaste");
    copyPaste_->setChecked(defaults.methodSettings.sgrsMixMode == "copy-paste");
    copyPaste_->setToolTip(
        tr("sgrs mixes each unlabelled image with a labelled one by pasting a "
           "box of one into the other (BCP) instead of blending them; better "
           "with very few labelled volumes (methods.sgrs_mix_mode, "
           "docs/methods.md)"));
    start_ = new QPushButton(tr("Start"), this);
    start_->setObjectName("trainingStart");
    pause_ = new QPushButton(tr("Pause"), this);
    pause_->setObjectName("trainingPause");
    stop_ = new QPushButton(tr("Stop"), this);
    stop_->setObjectName("trainingStop");
    predict_ = new QPushButton(tr("Predict"), this);
    predict_->setObjectName("trainingPredict");
    predict_->setToolTip(
        tr("Label the volumes without a label of record with the newest model "
           "(pseudo-labels, uncertainty and SGRS region maps), then score them "
           "(predicted quality, entropy, epistemic)"));
    lastRunSettings_ = new QPushButton(tr("Settings of the last run"), this);
    lastRunSettings_->setObjectName("trainingLastRunSettings");
    lastRunSettings_->setToolTip(
        tr("Load the settings the newest training run recorded, all of them, to run "
           "again with them (as segloop-cli train --settings-of RUN)"));
    quality_ = new QPushButton(tr("Train quality predictor"), this);
    quality_->setObjectName("trainingQuality");
    quality_->setToolTip(
        tr("Train the predictor that scores pseudo-labels on the labels of "
           "record (as segloop-cli train-quality)"));
    progress_ = new QProgressBar(this);
    progress_->setObjectName("trainingProgress");
    progress_->setRange(0, 1);
    progress_->setValue(0);
    status_ = new QLabel(tr("Not training"), this);
    status_->setObjectName("trainingStatus");
    status_->setWordWrap(true);
    memoryNotice_ = new QLabel(this);
    memoryNotice_->setObjectName("trainingMemoryNotice");
    memoryNotice_->setWordWrap(true);
    memoryNotice_->setStyleSheet("color: #b35c00;");
    memoryNotice_->hide();

    auto* form = new QFormLayout();
    form->addRow(tr("Method"), method_);
    form->addRow(tr("Pseudo-labels"), pseudoLabels_);
    form->addRow(tr("Quality-guided base"), baseMethod_);
    form->addRow(tr("Iterations"), iterations_);
    form->addRow(QString(), strongView_);
    form->addRow(QString(), copyPaste_);
    form->addRow(QString(), acceptedLabels_);
    auto* buttons = new QHBoxLayout();
    buttons->addWidget(start_);
    buttons->addWidget(pause_);
    buttons->addWidget(stop_);
    buttons->addWidget(predict_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(lastRunSettings_);
    layout->addWidget(quality_);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(memoryNotice_);
    layout->addStretch(1);

    connect(method_, &QComboBox::currentTextChanged, this, [this] { updateMethodChoices(); });
    connect(start_, &QPushButton::clicked, this, [this] { Q_EMIT startRequested(settings()); });
    connect(pause_, &QPushButton::clicked, this, [this] {
        if (controller_.state() == TrainingController::State::Paused) {
            controller_.resume();
        } else {
            controller_.pause();
        }
    });
    connect(stop_, &QPushButton::clicked, &controller_, &TrainingController::stop);
    connect(predict_, &QPushButton::clicked, this, [this] { Q_EMIT predictRequested(); });
    connect(quality_, &QPushButton::clicked, this, [this] { Q_EMIT qualityRequested(); });
    connect(lastRunSettings_, &QPushButton::clicked, this,
            [this] { Q_EMIT lastRunSettingsRequested(); });
    connect(&controller_, &TrainingController::taskProgress, this,
            &TrainingPanel::showTaskProgress);
    connect(&controller_, &TrainingController::stateChanged, this, &TrainingPanel::showState);
    connect(&controller_, &TrainingController::stepReported, this, &TrainingPanel::showStep);
    connect(&controller_, &TrainingController::finished, this,
            [this](const QString& summary, bool) { status_->setText(summary); });
    connect(&controller_, &TrainingController::memoryReduced, this, [this](const QString& text) {
        memoryNotice_->setText(
            memoryNotice_->text().isEmpty() ? text : memoryNotice_->text() + "\n" + text);
        memoryNotice_->show();
    });
    showState(controller_.state());
}

TrainingSettings TrainingPanel::settings() const {
    TrainingSettings settings = base_;
    settings.method = method_->currentText().toStdString();
    settings.iterations = iterations_->value();
    // A choice the method has no use for keeps its tick for when the method changes back, and
    // the run records the loaded settings' value (the engine's default unless loaded) instead.
    if (settings.method != "supervised")
        settings.methodSettings.strongStudentView = strongView_->isChecked();
    settings.methodSettings.pseudoLabels = pseudoLabels_->currentText().toStdString();
    settings.methodSettings.qualityBaseMethod = baseMethod_->currentText().toStdString();
    if (settings.method == "sgrs")
        settings.methodSettings.sgrsMixMode = copyPaste_->isChecked() ? "copy-paste" : "blend";
    return settings;
}

void TrainingPanel::updateMethodChoices() {
    const bool idle = controller_.state() == TrainingController::State::Idle;
    const QString method = method_->currentText();
    const bool usesUnlabelled = method != "supervised";
    strongView_->setEnabled(idle && usesUnlabelled);
    const bool mixes = method == "sgrs";
    copyPaste_->setEnabled(idle && mixes);
    const bool teacherLabels =
        method == "mean-teacher" || method == "sgrs" || method == "quality-guided";
    pseudoLabels_->setEnabled(idle && teacherLabels);
    baseMethod_->setEnabled(idle && method == "quality-guided");
    acceptedLabels_->setEnabled(idle);
}

void TrainingPanel::loadSettings(const TrainingSettings& settings) {
    base_ = settings;
    method_->setCurrentText(QString::fromStdString(settings.method));
    iterations_->setValue(int(settings.iterations));
    pseudoLabels_->setCurrentText(QString::fromStdString(settings.methodSettings.pseudoLabels));
    baseMethod_->setCurrentText(QString::fromStdString(settings.methodSettings.qualityBaseMethod));
    strongView_->setChecked(settings.methodSettings.strongStudentView);
    copyPaste_->setChecked(settings.methodSettings.sgrsMixMode == "copy-paste");
    updateMethodChoices();
}

bool TrainingPanel::acceptedLabelsTrain() const {
    return acceptedLabels_->isChecked();
}

QString TrainingPanel::statusText() const {
    return status_->text();
}

void TrainingPanel::showState(TrainingController::State state) {
    using State = TrainingController::State;
    start_->setEnabled(state == State::Idle);
    predict_->setEnabled(state == State::Idle);
    quality_->setEnabled(state == State::Idle);
    method_->setEnabled(state == State::Idle);
    iterations_->setEnabled(state == State::Idle);
    updateMethodChoices();
    pause_->setEnabled(state == State::Running || state == State::Paused);
    pause_->setText(state == State::Paused ? tr("Resume") : tr("Pause"));
    stop_->setEnabled(state == State::Running || state == State::Paused ||
                      state == State::Predicting || state == State::TrainingQuality);
    if (state == State::Running && controller_.stepsReported() == 0) {
        memoryNotice_->clear();  // a new run: the last run's notices no longer apply
        memoryNotice_->hide();
        progress_->setRange(0, 0);  // busy until the first step
        status_->setText(tr("Preparing the data..."));
    } else if (state == State::Paused) {
        status_->setText(tr("Paused"));
    } else if (state == State::Stopping) {
        status_->setText(tr("Stopping after this step..."));
    } else if (state == State::Predicting) {
        status_->setText(tr("Predicting..."));
    } else if (state == State::TrainingQuality) {
        progress_->setRange(0, 0);
        status_->setText(tr("Preparing the quality predictor's data..."));
    }
}

void TrainingPanel::showStep(const StepReport& step) {
    progress_->setRange(0, int(step.iterations));
    progress_->setValue(int(step.iteration));
    status_->setText(tr("Step %1 / %2   loss %3\n%4 s/step   ETA %5")
                         .arg(step.iteration)
                         .arg(step.iterations)
                         .arg(step.loss, 0, 'f', 4)
                         .arg(step.secondsPerStep, 0, 'f', 2)
                         .arg(durationText(step.etaSeconds)));
}

void TrainingPanel::showTaskProgress(const QString& stage, int done, int total) {
    progress_->setRange(0, std::max(1, total));
    progress_->setValue(done);
    status_->setText(tr("%1: %2 / %3").arg(stage).arg(done).arg(total));
}

}  // namespace segloop::ui
