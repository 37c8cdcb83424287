#include "ui/training/TrainingPanel.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "learning/settings/TrainingPresets.h"
#include "workflow/RunSettings.h"
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
    const TrainingSessionOptions sessionDefaults;
    preset_ = new QComboBox(this);
    preset_->setObjectName("trainingPreset");
    for (const TrainingPreset& preset : trainingPresets()) {
        preset_->addItem(QString::fromStdString(preset.name));
        preset_->setItemData(preset_->count() - 1, QString::fromStdString(preset.summary),
                             Qt::ToolTipRole);
    }
    preset_->setToolTip(
        tr("Named settings chosen by measurement (docs/methods.md, Presets); "
           "as segloop-cli train --preset NAME"));
    form_ = new TrainingSettingsForm(this);
    form_->setObjectName("trainingSettingsForm");
    acceptedLabels_ = new QCheckBox(tr("Accepted pseudo-labels train"), this);
    acceptedLabels_->setObjectName("trainingAcceptedLabels");
    acceptedLabels_->setChecked(sessionDefaults.acceptedLabelsTrain);
    acceptedLabels_->setToolTip(
        tr("Pseudo-labels a reviewer accepted count as labelled, as human "
           "and corrected labels do"));
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
    form->addRow(tr("Preset"), preset_);
    auto* buttons = new QHBoxLayout();
    buttons->addWidget(start_);
    buttons->addWidget(pause_);
    buttons->addWidget(stop_);
    buttons->addWidget(predict_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);
    layout->addWidget(form_);
    layout->addWidget(acceptedLabels_);
    layout->addLayout(buttons);
    layout->addWidget(lastRunSettings_);
    layout->addWidget(quality_);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(memoryNotice_);
    layout->addStretch(1);

    connect(form_, &TrainingSettingsForm::changed, this, [this](const QString& key) {
        if (key.isEmpty() || key == "method")
            updateMethodChoices();
    });
    connect(preset_, &QComboBox::textActivated, this,
            [this](const QString& name) { loadPreset(name.toStdString()); });
    loadPreset(newRunPreset("auto"));
    connect(start_, &QPushButton::clicked, this, [this] {
        if (!settingsProblem().isEmpty()) {  // refused in the form: the run would be too
            status_->setText(settingsProblem());
            return;
        }
        Q_EMIT startRequested(settings());
    });
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
    return form_->settings();
}

void TrainingPanel::updateMethodChoices() {
    const bool idle = controller_.state() == TrainingController::State::Idle;
    const std::string method = form_->settings().method;
    form_->setEnabled(idle);
    preset_->setEnabled(idle);
    form_->setFieldEnabled("methods.strong_student_view", method != "supervised");
    form_->setFieldEnabled("methods.sgrs_mix_mode", method == "sgrs");
    form_->setFieldEnabled("methods.pseudo_labels", method == "mean-teacher" || method == "sgrs" ||
                                                        method == "quality-guided");
    form_->setFieldEnabled("methods.quality_base_method", method == "quality-guided");
    acceptedLabels_->setEnabled(idle);
}

void TrainingPanel::loadSettings(const TrainingSettings& settings) {
    form_->setSettings(settings, true);
    updateMethodChoices();
}

void TrainingPanel::loadPreset(const std::string& name) {
    form_->setSettings(presetTrainingSettings(name, "preset"), false);
    preset_->setCurrentText(QString::fromStdString(name));
    updateMethodChoices();
}

std::set<std::string> TrainingPanel::givenKeys() const {
    return form_->givenKeys();
}

QString TrainingPanel::settingsProblem() const {
    return form_->problem();
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
