// Background training from the window: the run goes on in the training service's thread while
// the window keeps processing events (a timer keeps its rate), the panel shows progress, the
// monitor overlay gets the loss curve, and stop ends the run and records it.
#include <cstdlib>

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTimer>

#include "UiTestSupport.h"
#include "learning/settings/MethodNames.h"
#include "learning/settings/SettingsText.h"
#include "support/SettingSamples.h"
#include "ui/WindowScreenshot.h"
#include "ui/editing/ToolPanel.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/training/TrainingSettingsForm.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/RenderViewWidget.h"

namespace segloop::ui {
namespace {

TrainingSettings tinySettings() {
    // far more iterations than the test waits for: it stops the run
    TrainingSettings settings = test::tinyTrainingSettings("mean-teacher", 100000);
    settings.learningRate = 3e-3;
    return settings;
}

TEST(MainWindowTraining, TheWindowKeepsProcessingEventsWhileTrainingRuns) {
    segloop::test::TempDir dir;
    const std::string folder = dir.file("project");
    const test::TestProjectIds ids = test::makeTestProject(folder);
    auto window = test::openShownWindow(folder);
    TrainingController& training = window->training();
    // The running trainer looks for new labels itself (its dataset source), every 200 ms here.
    training.setRevisionCheckIntervalMs(200);

    ASSERT_TRUE(window->startTraining(tinySettings())) << window->lastError().toStdString();
    EXPECT_EQ(training.state(), TrainingController::State::Running);
    ASSERT_TRUE(QTest::qWaitFor([&] { return training.stepsReported() >= 2; }, 120000))
        << "no training step within two minutes";

    // While steps run on the worker, a 20 ms timer on the GUI thread keeps (nearly) its rate.
    int ticks = 0;
    QTimer timer;
    timer.setInterval(20);
    QObject::connect(&timer, &QTimer::timeout, [&] { ++ticks; });
    const int64_t stepsBefore = training.stepsReported();
    QSignalSpy stepSignals(&training, &TrainingController::stepReported);
    QElapsedTimer clock;
    clock.start();
    timer.start();
    QTest::qWait(2000);
    timer.stop();
    // Fast steps are shown at most every 100 ms (the newest), not each one.
    EXPECT_LE(stepSignals.count(), int(clock.elapsed() / 100) + 2)
        << stepSignals.count() << " step signals for " << training.stepsReported() - stepsBefore
        << " steps";
    const double expected = double(clock.elapsed()) / 20.0;
    EXPECT_GT(ticks, int(expected * 0.5)) << ticks << " ticks of " << expected;
    EXPECT_GT(training.stepsReported(), stepsBefore) << "training made no progress meanwhile";

    // The panel and the monitor overlay show the run.
    const auto* progress = window->trainingPanel().findChild<QProgressBar*>("trainingProgress");
    ASSERT_NE(progress, nullptr);
    EXPECT_GT(progress->value(), 0);
    EXPECT_TRUE(window->trainingPanel().statusText().contains("loss"));
    const render::TrainingMonitorContent& monitor =
        window->viewer().surfaceWidget().overlayPanels().trainingMonitor();
    EXPECT_TRUE(monitor.visible);
    EXPECT_GE(monitor.loss.size(), 2u);

    if (const char* folder = std::getenv("SEGLOOP_UI_SCREENSHOTS")) {
        grabWindowWithRenderViews(*window).save(QString(folder) + "/training.png");
    }

    // A second start is refused while one runs.
    EXPECT_FALSE(window->startTraining(tinySettings()));

    // Pause holds the worker still (after its current step); resume goes on.
    training.pause();
    EXPECT_EQ(training.state(), TrainingController::State::Paused);
    QTest::qWait(1500);  // the step in flight ends and reports
    const int64_t whilePaused = training.stepsReported();
    QTest::qWait(1000);
    EXPECT_EQ(training.stepsReported(), whilePaused);
    training.resume();
    EXPECT_TRUE(QTest::qWaitFor([&] { return training.stepsReported() > whilePaused; }, 60000));

    // A label saved while the run goes on reaches the trainer at the next revision check.
    const int64_t revision = training.datasetRevision();
    ASSERT_TRUE(window->openCase(ids.unlabelled006));
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    window->toolPanel().setTool(EditTool::Brush);
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier,
                      QPoint(view.width() / 2, view.height() / 2));
    ASSERT_TRUE(window->saveCase()) << window->lastError().toStdString();
    EXPECT_TRUE(QTest::qWaitFor([&] { return training.datasetRevision() > revision; }, 5000));

    training.stop();
    training.waitUntilStopped();
    EXPECT_EQ(training.state(), TrainingController::State::Idle);
    Project reader = Project::open(folder);
    const auto runs = reader.trainingRuns().list();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs.front().status, TrainingStatus::Cancelled);
    EXPECT_TRUE(runs.front().modelId.has_value());
}

TEST(MainWindowTraining, ThePanelsMethodStrongViewAndMixChoicesReachTheRunSettings) {
    segloop::test::TempDir dir;
    const std::string folder = dir.file("project");
    test::makeTestProject(folder);
    auto window = test::openShownWindow(folder);
    TrainingPanel& panel = window->trainingPanel();
    auto* method = panel.findChild<QComboBox*>("setting:method");
    auto* strongView = panel.findChild<QCheckBox*>("setting:methods.strong_student_view");
    auto* mix = panel.findChild<QComboBox*>("setting:methods.sgrs_mix_mode");
    ASSERT_NE(method, nullptr);
    ASSERT_NE(strongView, nullptr);
    ASSERT_NE(mix, nullptr);

    EXPECT_EQ(panel.settings().method, "mean-teacher");
    EXPECT_TRUE(strongView->isEnabled());
    EXPECT_TRUE(strongView->isChecked()) << "the engine's default";
    EXPECT_EQ(panel.settings().methodSettings.strongStudentView,
              MethodSettings{}.strongStudentView);
    strongView->click();
    EXPECT_FALSE(panel.settings().methodSettings.strongStudentView);

    // supervised has no unlabelled images to view: the choice is disabled and not used; it
    // comes back with a method that has them.
    method->setCurrentText("supervised");
    EXPECT_FALSE(strongView->isEnabled());
    EXPECT_EQ(panel.settings().methodSettings.strongStudentView,
              MethodSettings{}.strongStudentView);
    method->setCurrentText("mean-teacher");
    EXPECT_FALSE(panel.settings().methodSettings.strongStudentView);
    strongView->click();

    // The mix is sgrs's own: offered there only, the engine's default until changed.
    EXPECT_FALSE(mix->isEnabled());
    method->setCurrentText("sgrs");
    ASSERT_TRUE(mix->isEnabled());
    EXPECT_EQ(panel.settings().methodSettings.sgrsMixMode, "copy-paste");
    mix->setCurrentText("blend");
    EXPECT_EQ(panel.settings().methodSettings.sgrsMixMode, "blend");

    method->setCurrentText("buarl");
    EXPECT_FALSE(mix->isEnabled());
    EXPECT_EQ(panel.settings().methodSettings.sgrsMixMode, MethodSettings{}.sgrsMixMode)
        << "not sgrs: the engine's default is recorded";
    EXPECT_TRUE(strongView->isEnabled());
    strongView->click();
    EXPECT_EQ(panel.settings().method, "buarl");
    EXPECT_FALSE(panel.settings().methodSettings.strongStudentView);

    // quality-guided is offered; without a quality predictor in the project the window says why.
    method->setCurrentText("quality-guided");
    ASSERT_EQ(panel.settings().method, "quality-guided");
    EXPECT_TRUE(strongView->isEnabled());
    EXPECT_FALSE(window->startTraining(panel.settings()));
    EXPECT_TRUE(window->lastError().contains("no quality predictor"))
        << window->lastError().toStdString();

    // An out-of-range value is refused at the start, on the GUI thread, with the message the
    // CLI and a settings file give (SettingsSchemaTest, CliSettingsTest).
    TrainingSettings outOfRange = panel.settings();
    outOfRange.method = "sgrs";
    outOfRange.methodSettings.sgrsTau = 0.7;
    EXPECT_FALSE(window->startTraining(outOfRange));
    EXPECT_TRUE(window->lastError().contains(
        "setting methods.sgrs_tau = 0.7 is out of range: must be in [0, 0.5]"))
        << window->lastError().toStdString();
    EXPECT_TRUE(window->project()->trainingRuns().list().empty()) << "nothing was recorded";

    // The pseudo-label source and quality-guided's base: the engine's defaults, then chosen.
    auto* source = panel.findChild<QComboBox*>("setting:methods.pseudo_labels");
    auto* base = panel.findChild<QComboBox*>("setting:methods.quality_base_method");
    auto* accepted = panel.findChild<QCheckBox*>("trainingAcceptedLabels");
    auto* iterations = panel.findChild<QSpinBox*>("setting:iterations");
    ASSERT_TRUE(source && base && accepted && iterations);
    EXPECT_EQ(source->currentText().toStdString(), MethodSettings{}.pseudoLabels);
    EXPECT_EQ(base->currentText().toStdString(), MethodSettings{}.qualityBaseMethod);
    EXPECT_EQ(iterations->value(), TrainingSettings{}.iterations);
    EXPECT_TRUE(accepted->isChecked());
    EXPECT_TRUE(base->isEnabled());
    base->setCurrentText("sgrs");
    source->setCurrentText("reference");
    EXPECT_EQ(panel.settings().methodSettings.qualityBaseMethod, "sgrs");
    EXPECT_EQ(panel.settings().methodSettings.pseudoLabels, "reference");
    method->setCurrentText("buarl");
    EXPECT_FALSE(base->isEnabled());
    EXPECT_FALSE(source->isEnabled()) << "buarl makes its own pseudo-labels";
    accepted->click();
    EXPECT_FALSE(panel.acceptedLabelsTrain());
    for (const std::string& name : trainingMethodNames())
        EXPECT_GE(method->findText(QString::fromStdString(name)), 0) << name;
}

TEST(MainWindowTraining, TheFormShowsEveryFieldOfTheTableAndRefusesWhatTheTableRefuses) {
    TrainingSettingsForm form;
    const TrainingSettings defaults;
    size_t shown = 0;
    for (const SettingField& field : trainingSettingFields()) {
        SCOPED_TRACE(field.key);
        QWidget* editor = form.editor(field.key);
        if (field.shown == SettingShown::Hidden) {
            EXPECT_EQ(editor, nullptr);
            continue;
        }
        ASSERT_NE(editor, nullptr);
        ++shown;
        EXPECT_TRUE(editor->toolTip().contains(QString::fromStdString(field.help)));
        // Another allowed value, given in the editor, reaches the settings.
        const std::string value = segloop::test::otherAllowedValue(field, defaults);
        TrainingSettings expected = defaults;
        field.set(expected, value);
        if (auto* box = qobject_cast<QComboBox*>(editor))
            box->setCurrentText(QString::fromStdString(value));
        else if (auto* box = qobject_cast<QCheckBox*>(editor))
            box->setChecked(value == "1");
        else if (auto* spin = qobject_cast<QSpinBox*>(editor))
            spin->setValue(std::stoi(value));
        else
            qobject_cast<QLineEdit*>(editor)->setText(QString::fromStdString(value));
        EXPECT_EQ(field.get(form.settings()), field.get(expected));
        EXPECT_TRUE(form.givenKeys().count(field.key));
        EXPECT_TRUE(form.problem().isEmpty()) << form.problem().toStdString();
        // A refused value: a line shows the table's message until it is put right; a spin
        // box cannot hold it (its range is the rule).
        const auto refused = segloop::test::refusedValue(field);
        if (!refused)
            continue;
        if (auto* spin = qobject_cast<QSpinBox*>(editor)) {
            EXPECT_EQ(spin->maximum(), int(field.limits.high) - (field.limits.highOpen ? 1 : 0));
            EXPECT_EQ(spin->minimum(), int(field.limits.low));
        } else if (auto* line = qobject_cast<QLineEdit*>(editor)) {
            line->setText(QString::fromStdString(*refused));
            const std::string message = form.problem().toStdString();
            EXPECT_NE(message.find("setting " + field.key + " = "), std::string::npos) << message;
            EXPECT_NE(message.find("must be " + field.rule), std::string::npos) << message;
            EXPECT_EQ(field.get(form.settings()), field.get(expected)) << "the last good value";
            line->setText(QString::fromStdString(value));
            EXPECT_TRUE(form.problem().isEmpty());
        }
    }
    EXPECT_GE(shown, 60u);
    auto* tau = qobject_cast<QLineEdit*>(form.editor("methods.sgrs_tau"));
    ASSERT_NE(tau, nullptr);
    tau->setText("0.7");
    EXPECT_EQ(form.problem().toStdString(),
              "setting methods.sgrs_tau = 0.7 is out of range: must be in [0, 0.5]");
    // A preset (setSettings) forgets the edits and the refusal.
    form.setSettings(defaults, false);
    EXPECT_TRUE(form.problem().isEmpty());
    EXPECT_TRUE(form.givenKeys().empty());
    EXPECT_EQ(settingsToText(form.settings()), settingsToText(defaults));
}

}  // namespace
}  // namespace segloop::ui
