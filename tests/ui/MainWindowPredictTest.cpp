// Predict from the window: a short real training run gives a model, the training panel's
// Predict button labels the volumes without human labels on the service's worker thread and
// saves pseudo-labels with uncertainty and SGRS region maps; the open case then offers the SGRS
// regions overlay, which changes the slice's pixels.
#include <filesystem>

#include <QCheckBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>

#include "UiTestSupport.h"
#include "storage/PredictionFiles.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/ToolPanel.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/RenderViewWidget.h"

namespace segloop::ui {
namespace {

int changedPixels(const QImage& a, const QImage& b) {
    int changed = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            changed += a.pixel(x, y) != b.pixel(x, y) ? 1 : 0;
    return changed;
}

TEST(MainWindowPredict, PredictSavesPseudoLabelsAndTheRegionsOverlayShows) {
    segloop::test::TempDir dir;
    const std::string folder = dir.file("project");
    const test::TestProjectIds ids = test::makeTestProject(folder);
    auto window = test::openShownWindow(folder);
    TrainingController& training = window->training();
    ASSERT_TRUE(window->openCase(ids.unlabelled006));
    auto* regionsCheck = window->toolPanel().findChild<QCheckBox*>("overlaySgrsRegions");
    ASSERT_NE(regionsCheck, nullptr);
    EXPECT_FALSE(regionsCheck->isEnabled());  // no region map yet

    ASSERT_TRUE(window->startTraining(test::tinyTrainingSettings("supervised", 2)))
        << window->lastError().toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return training.state() == TrainingController::State::Idle; },
                                180000));
    Project& project = *window->project();
    const std::optional<ModelRecord> model = project.models().latest("segmentation");
    ASSERT_TRUE(model && !model->dataPath.empty());

    QSignalSpy progressSpy(&training, &TrainingController::predictionProgress);
    QSignalSpy finishedSpy(&training, &TrainingController::predictionFinished);
    auto* predict = window->trainingPanel().findChild<QPushButton*>("trainingPredict");
    ASSERT_NE(predict, nullptr);
    ASSERT_TRUE(predict->isEnabled());
    predict->click();
    EXPECT_EQ(training.state(), TrainingController::State::Predicting)
        << window->lastError().toStdString();
    EXPECT_FALSE(predict->isEnabled());
    ASSERT_TRUE(QTest::qWaitFor([&] { return finishedSpy.count() == 1; }, 180000));
    EXPECT_EQ(finishedSpy.at(0).at(0).toInt(), 2)
        << window->trainingPanel().statusText().toStdString();
    EXPECT_EQ(training.state(), TrainingController::State::Idle);
    EXPECT_GE(progressSpy.count(), 3);  // 0/2, 1/2, 2/2
    EXPECT_EQ(window->trainingPanel().findChild<QProgressBar*>("trainingProgress")->value(), 2);

    // Both volumes without a human label got a pseudo-label of the new model with its maps.
    for (const int64_t volumeId : {ids.pseudo004, ids.unlabelled006}) {
        const auto latest = project.labels().latestForVolume(volumeId);
        ASSERT_TRUE(latest);
        EXPECT_EQ(latest->provenance, LabelProvenance::Pseudo);
        EXPECT_EQ(latest->modelId, model->id);
        EXPECT_TRUE(std::filesystem::exists(
            project.layout().absolute(ProjectLayout::uncertaintyDataPath(latest->id))));
        const std::optional<LabelMap> regions = loadSavedRegions(project, latest->id);
        ASSERT_TRUE(regions);
        EXPECT_EQ(regions->geometry.size, project.volumes().get(volumeId).geometry.size);
        EXPECT_LE(regions->maxLabel(), 3);
    }
    // Human labels were left alone.
    EXPECT_EQ(project.labels().latestForVolume(ids.human001)->provenance, LabelProvenance::Human);

    // The open case was reloaded with the new maps: the SGRS toggle is enabled and shows them.
    ASSERT_NE(window->document(), nullptr);
    EXPECT_EQ(window->document()->volumeId(), ids.unlabelled006);
    EXPECT_TRUE(window->viewer().hasSgrsRegions());
    EXPECT_TRUE(regionsCheck->isEnabled());
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    view.setOverlayEnabled(false);
    OverlaySettings overlays = window->toolPanel().overlays();
    overlays.labelsVisible = false;
    overlays.crosshairVisible = false;
    overlays.sgrsRegionsOpacity = 1.0;
    window->toolPanel().setOverlays(overlays);
    const QImage plain = view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    regionsCheck->click();
    EXPECT_TRUE(window->toolPanel().overlays().sgrsRegionsVisible);
    const QImage shown = view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    EXPECT_GT(changedPixels(plain, shown), 100);
    regionsCheck->click();
    const QImage hidden = view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    EXPECT_EQ(changedPixels(plain, hidden), 0);
}

TEST(MainWindowPredict, AModelThatCannotBeLoadedEndsThePredictionWithAnError) {
    segloop::test::TempDir dir;
    const std::string folder = dir.file("project");
    const test::TestProjectIds ids = test::makeTestProject(folder);  // a model without weights
    auto window = test::openShownWindow(folder);
    TrainingController& training = window->training();
    QSignalSpy finishedSpy(&training, &TrainingController::finished);
    window->trainingPanel().findChild<QPushButton*>("trainingPredict")->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return finishedSpy.count() == 1; }, 60000));
    EXPECT_TRUE(finishedSpy.at(0).at(1).toBool());  // failed
    EXPECT_FALSE(window->lastError().isEmpty());
    EXPECT_EQ(training.state(), TrainingController::State::Idle);
    EXPECT_FALSE(window->project()->labels().latestForVolume(ids.unlabelled006).has_value());
}

}  // namespace
}  // namespace segloop::ui
