// The training monitor's "Save plots as PNG...": an action in the training panel's context
// menu, disabled until there is a curve; after a real (tiny) run, which records its curve in
// the run folder's metrics.csv as the CLI's runs do, it writes the loss and validation Dice
// charts of the controller's curves (the report's VTK chart code) through the file dialog,
// and the window's own VTK views draw as before.
#include <cstdlib>
#include <set>

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QLineEdit>
#include <QTimer>

#include "UiTestSupport.h"
#include "learning/training/TrainingMetricsFile.h"
#include "ui/training/MonitorPlotSaving.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/RenderViewWidget.h"

namespace segloop::ui {
namespace {

/// Distinct colours of `image`.
size_t distinctColours(const QImage& image) {
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            colours.insert(image.pixel(x, y));
    return colours.size();
}

/// Answers the next file dialog with `path` (it is modal: triggering the action blocks).
void answerNextFileDialog(const QString& path) {
    QTimer::singleShot(100, [path] {
        for (QWidget* widget : QApplication::topLevelWidgets()) {
            if (auto* dialog = qobject_cast<QFileDialog*>(widget); dialog && dialog->isVisible()) {
                dialog->setDirectory(QFileInfo(path).absolutePath());
                // selectFile() leaves a focused name field as it is: type into it instead.
                auto* name = dialog->findChild<QLineEdit*>("fileNameEdit");
                if (name == nullptr) {
                    ADD_FAILURE() << "the file dialog has no fileNameEdit";
                    dialog->reject();
                    return;
                }
                name->setText(QFileInfo(path).fileName());
                static_cast<QDialog*>(dialog)->accept();  // QFileDialog::accept, virtual
                return;
            }
        }
        answerNextFileDialog(path);  // not shown yet
    });
}

TEST(TrainingMonitorPng, SavesTheLiveCurvesOfARunAsAPng) {
    segloop::test::TempDir dir;
    const std::string folder = dir.file("project");
    const test::TestProjectIds ids = test::makeTestProject(folder);
    auto window = test::openShownWindow(folder);
    ASSERT_TRUE(window->openCase(ids.human001));
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    TrainingPanel& panel = window->trainingPanel();
    auto* action = panel.findChild<QAction*>("saveMonitorPngAction");
    ASSERT_NE(action, nullptr);
    EXPECT_TRUE(panel.actions().contains(action));
    EXPECT_EQ(panel.contextMenuPolicy(), Qt::ActionsContextMenu);
    EXPECT_EQ(action->text(), "Save plots as PNG...");
    EXPECT_FALSE(action->isEnabled()) << "no curve yet";
    QString error;
    EXPECT_FALSE(
        saveMonitorPng(window->training().monitor(), dir.file("none.png").c_str(), &error));
    EXPECT_FALSE(error.isEmpty());

    TrainingSettings settings = test::tinyTrainingSettings("mean-teacher", 100000);
    settings.validationInterval = 1;
    TrainingController& training = window->training();
    ASSERT_TRUE(window->startTraining(settings)) << window->lastError().toStdString();
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return training.monitor().validationDice.size() >= 2; }, 180000))
        << "no two validations within three minutes";
    training.stop();
    training.waitUntilStopped();
    ASSERT_GE(training.monitor().loss.size(), 2u);
    EXPECT_TRUE(action->isEnabled());
    // The window's run recorded its curve as the CLI's do: a row per step, Dice where validated.
    const std::vector<TrainingMetricsRow> curve =
        readTrainingMetrics(folder + "/data/models/run-1/" + kTrainingMetricsFileName);
    EXPECT_EQ(int64_t(curve.size()), training.stepsReported());
    size_t validated = 0;
    for (const TrainingMetricsRow& row : curve)
        validated += row.validationDice ? 1 : 0;
    EXPECT_EQ(validated, training.monitor().validationDice.size());

    // VTK's off-screen window comes and goes: the window's own VTK views draw as before.
    const QImage viewBefore = view.grabFramebuffer();
    EXPECT_TRUE(
        saveMonitorPng(training.monitor(), QString::fromStdString(dir.file("direct.png")), &error))
        << error.toStdString();
    EXPECT_EQ(view.grabFramebuffer(), viewBefore);

    const QString path = QString::fromStdString(dir.file("curves.png"));
    answerNextFileDialog(path);
    action->trigger();
    ASSERT_TRUE(QFileInfo::exists(path));
    if (const char* screenshots = std::getenv("SEGLOOP_UI_SCREENSHOTS"))
        QFile::copy(path, QString(screenshots) + "/training-monitor-plots.png");
    const QImage image(path);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.width(), 900);
    EXPECT_EQ(image.height(), 720) << "loss above, validation Dice below";
    EXPECT_GT(distinctColours(image), 30u);
    // The loss curve's blue in the upper chart, the Dice curve's orange in the lower one.
    auto hasColour = [&](int top, int bottom, QColor colour) {
        for (int y = top; y < bottom; ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor pixel = image.pixelColor(x, y);
                if (std::abs(pixel.red() - colour.red()) < 12 &&
                    std::abs(pixel.green() - colour.green()) < 12 &&
                    std::abs(pixel.blue() - colour.blue()) < 12)
                    return true;
            }
        return false;
    };
    EXPECT_TRUE(hasColour(0, 360, QColor(31, 119, 180)));
    EXPECT_TRUE(hasColour(360, 720, QColor(255, 127, 14)));

    const QString named = QString::fromStdString(dir.file("without-suffix"));
    answerNextFileDialog(named);
    action->trigger();
    EXPECT_TRUE(QFileInfo::exists(named + ".png")) << "the .png suffix is added";
}

}  // namespace
}  // namespace segloop::ui
