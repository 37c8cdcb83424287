#pragma once

#include <QWidget>

#include "core/learning/training/TrainingEvents.h"
#include "core/learning/training/TrainingSettings.h"
#include "ui/training/TrainingController.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace segloop::ui {

/// The training panel: every training method of the engine, the pseudo-label source (teacher or
/// reference), the base of quality-guided, iterations, the strong student view (methods with
/// unlabelled images only), copy-paste mixing (sgrs only), whether accepted pseudo-labels
/// train; start / pause / resume / stop, a progress bar with ETA and the latest loss, Predict
/// (label and score the volumes without a label of record) and Train quality predictor (Stop
/// cancels either). Every default shown is the engine's (TrainingSettings, MethodSettings,
/// TrainingSessionOptions), never a copy. Shows a TrainingController's state (not owned); asks
/// the window through startRequested, predictRequested and qualityRequested. A run that ran
/// out of memory and lowered its load shows each notice below the status until the next run.
/// GUI thread only.
class TrainingPanel : public QWidget {
    Q_OBJECT

  public:
    TrainingPanel(TrainingController& controller, QWidget* parent = nullptr);

    /// The settings the panel's choices give (method, iterations, pseudo-label source,
    /// quality-guided's base, the student's strong view, sgrs's mix mode) over the loaded
    /// settings (loadSettings), else the engine's defaults.
    TrainingSettings settings() const;
    /// Shows `settings` in the choices and keeps the rest of them for the next start (rerun
    /// with a recorded run's settings).
    void loadSettings(const TrainingSettings& settings);
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
    /// The strong view means nothing to `supervised`, copy-paste mixing nothing but to `sgrs`:
    /// each is off and disabled where it does not apply, and while a run is under way.
    void updateMethodChoices();

    TrainingController& controller_;
    QComboBox* method_ = nullptr;
    QComboBox* pseudoLabels_ = nullptr;
    QComboBox* baseMethod_ = nullptr;
    QCheckBox* acceptedLabels_ = nullptr;
    QPushButton* quality_ = nullptr;
    QSpinBox* iterations_ = nullptr;
    QCheckBox* strongView_ = nullptr;
    QCheckBox* copyPaste_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* pause_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* predict_ = nullptr;
    QPushButton* lastRunSettings_ = nullptr;
    TrainingSettings base_;  ///< what the choices do not show: defaults, or a loaded run's
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    /// Out-of-memory notices of the current run (hidden until one comes; kept until the next
    /// run starts): the status line is rewritten at every step.
    QLabel* memoryNotice_ = nullptr;
};

}  // namespace segloop::ui
