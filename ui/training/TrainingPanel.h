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

/// The training panel: method, iterations, the strong student view (methods with unlabelled
/// images only), copy-paste mixing (sgrs only), start / pause / resume / stop, a progress bar
/// with ETA and the latest loss, and Predict (label the unlabelled volumes with the newest model;
/// Stop cancels it). Shows a TrainingController's state (not owned); asks the window to start
/// a run through startRequested and a prediction through predictRequested. GUI thread only.
class TrainingPanel : public QWidget {
    Q_OBJECT

  public:
    TrainingPanel(TrainingController& controller, QWidget* parent = nullptr);

    /// The settings the panel's choices give (method, iterations, the student's strong view,
    /// sgrs's mix mode; the rest default).
    TrainingSettings settings() const;
    QString statusText() const;

  Q_SIGNALS:
    void startRequested(const segloop::TrainingSettings& settings);
    void predictRequested();

  private:
    void showState(TrainingController::State state);
    void showStep(const StepReport& step);
    void showPredictionProgress(int done, int total);
    /// The strong view means nothing to `supervised`, copy-paste mixing nothing but to `sgrs`:
    /// each is off and disabled where it does not apply, and while a run is under way.
    void updateMethodChoices();

    TrainingController& controller_;
    QComboBox* method_ = nullptr;
    QSpinBox* iterations_ = nullptr;
    QCheckBox* strongView_ = nullptr;
    QCheckBox* copyPaste_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* pause_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* predict_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace segloop::ui
