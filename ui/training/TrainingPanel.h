#pragma once

#include <set>
#include <string>

#include <QWidget>

#include "learning/settings/TrainingSettings.h"
#include "learning/training/TrainingEvents.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingSettingsForm.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace segloop::ui {

/// The training panel: a preset (learning/settings/TrainingPresets.h; the default for where the
/// run trains), the settings form generated from the settings table (TrainingSettingsForm: the
/// method, its pseudo-label source, quality-guided's base, iterations, the strong student view,
/// sgrs's mix, the device, and every other setting in its advanced part), whether accepted
/// pseudo-labels train; start / pause / resume / stop, a progress bar with ETA and the latest loss,
/// Predict (label and score the volumes without a label of record) and Train quality predictor
/// (Stop cancels either). Every default shown is the engine's (TrainingSettings, MethodSettings,
/// TrainingSessionOptions), never a copy. Shows a TrainingController's state (not owned); asks
/// the window through startRequested, predictRequested and qualityRequested; a start with a
/// refused value in the form shows the form's message instead. A run that ran
/// out of memory and lowered its load shows each notice below the status until the next run.
/// GUI thread only.
class TrainingPanel : public QWidget {
    Q_OBJECT

  public:
    TrainingPanel(TrainingController& controller, QWidget* parent = nullptr);

    /// The settings the form gives over the loaded settings (loadSettings), else the preset's.
    TrainingSettings settings() const;
    /// Shows a recorded run's `settings` in the form, all of them as given (rerun).
    void loadSettings(const TrainingSettings& settings);
    /// Shows preset `name`'s settings in the form.
    void loadPreset(const std::string& name);
    /// The keys the user gave (edited or loaded from a run): the window's run keeps those
    /// (TrainingSessionOptions::patchChosen, networkChosen) instead of planning them.
    std::set<std::string> givenKeys() const;
    /// The form's message for a refused value, or empty.
    QString settingsProblem() const;
    TrainingSettingsForm& form() { return *form_; }
    /// Whether accepted pseudo-labels count as labelled (TrainingSessionOptions).
    bool acceptedLabelsTrain() const;
    QString statusText() const;

  Q_SIGNALS:
    void startRequested(const segloop::TrainingSettings& settings);
    void predictRequested();
    void qualityRequested();
    void lastRunSettingsRequested();

  private:
    void showState(TrainingController::State state);
    void showStep(const StepReport& step);
    void showTaskProgress(const QString& stage, int done, int total);
    /// The strong view means nothing to `supervised`, the mix nothing but to `sgrs`, the
    /// pseudo-label source nothing to methods that make their own: each is disabled where it
    /// does not apply (the run records the loaded value), and the whole form while a run is
    /// under way.
    void updateMethodChoices();

    TrainingController& controller_;
    QComboBox* preset_ = nullptr;
    TrainingSettingsForm* form_ = nullptr;
    QCheckBox* acceptedLabels_ = nullptr;
    QPushButton* quality_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* pause_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* predict_ = nullptr;
    QPushButton* lastRunSettings_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    /// Out-of-memory notices of the current run (hidden until one comes; kept until the next
    /// run starts): the status line is rewritten at every step.
    QLabel* memoryNotice_ = nullptr;
};

}  // namespace segloop::ui
