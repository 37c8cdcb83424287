// The whole loop in the window, as a user walks it on a small project under Xvfb: open, paint a
// label, train a few iterations (the quality predictor follows), predict (the scores appear),
// the queue orders by quality, accept one, correct one, reject one while a second run trains
// (it picks the accepted and corrected cases up), revert a version, export. The database and
// the exported files are checked at each step.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <QDockWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>

#include "UiTestSupport.h"
#include "ui/WindowScreenshot.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/ToolPanel.h"
#include "ui/project/LabelHistoryPanel.h"
#include "ui/project/ReviewQueuePanel.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/RenderViewWidget.h"
#include "workflow/ProjectDataset.h"

namespace segloop::ui {
namespace {

/// Four hippocampus volumes, none labelled.
std::vector<int64_t> makeUnlabelledProject(const std::string& folder) {
    Project project = Project::create(folder);
    project.labelSets().create("labels", {LabelClass{1, "anterior", {255, 0, 0}},
                                          LabelClass{2, "posterior", {0, 255, 0}}});
    ImportRequest request;
    for (const char* number : {"001", "003", "004", "006"})
        request.inputs.push_back(test::hippocampus("imagesTr", number));
    std::vector<int64_t> ids;
    for (const ImportedVolume& volume : importIntoProject(project, request).imported)
        ids.push_back(volume.volumeId);
    return ids;
}

void paintCentre(MainWindow& window) {
    render::RenderViewWidget& view = window.viewer().sliceWidget(0);
    window.toolPanel().setTool(EditTool::Brush);
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier,
                      QPoint(view.width() / 2, view.height() / 2));
}

/// Saves the window as $SEGLOOP_UI_SCREENSHOTS/<name>.png (the README's pictures), with `tab`
/// (the review queue, the history) in front on the left.
void saveScreenshotIfAsked(MainWindow& window, QWidget* tab, const char* name) {
    const char* folder = std::getenv("SEGLOOP_UI_SCREENSHOTS");
    if (folder == nullptr)
        return;
    if (auto* tabs = window.findChild<QTabWidget*>("leftTabs"))
        tabs->setCurrentWidget(tab);
    QTest::qWait(50);
    grabWindowWithRenderViews(window).save(QString(folder) + "/" + name + ".png");
}

bool waitIdle(TrainingController& training, int milliseconds = 240000) {
    return QTest::qWaitFor([&] { return training.state() == TrainingController::State::Idle; },
                           milliseconds);
}

TEST(ReviewLoop, TheWholeLoopClosesInTheWindow) {
    segloop::test::TempDir dir;
    const std::string folder = dir.file("project");
    const std::vector<int64_t> ids = makeUnlabelledProject(folder);
    auto window = test::openShownWindow(folder);
    Project& project = *window->project();
    TrainingController& training = window->training();
    AutoQualitySettings quality = TrainingSessionOptions{}.quality;
    quality.iterations = 20;
    quality.minimumLabelledCases = 1;
    training.setAutoQuality(quality);
    training.setRevisionCheckIntervalMs(200);

    // Paint a label on the first case: a human label version.
    ASSERT_TRUE(window->openCase(ids[0]));
    paintCentre(*window);
    ASSERT_TRUE(window->saveCase()) << window->lastError().toStdString();
    ASSERT_EQ(project.labels().labelOfRecord(ids[0])->provenance, LabelProvenance::Human);

    // Train a few iterations: a segmentation model, then a quality predictor.
    // A few iterations for the test; more when it draws the README's pictures, so that the
    // pseudo-labels look like a model's rather than noise.
    const int64_t iterations = std::getenv("SEGLOOP_UI_SCREENSHOTS") ? 300 : 3;
    ASSERT_TRUE(window->startTraining(test::tinyTrainingSettings("supervised", iterations)))
        << window->lastError().toStdString();
    ASSERT_TRUE(waitIdle(training));
    ASSERT_TRUE(project.models().latest("segmentation").has_value());
    ASSERT_TRUE(project.models().latest("quality").has_value())
        << window->trainingPanel().statusText().toStdString();

    // Predict: pseudo-labels for the three other cases, scored in the same background job.
    QSignalSpy scores(&training, &TrainingController::scoresArrived);
    window->trainingPanel().findChild<QPushButton*>("trainingPredict")->click();
    EXPECT_EQ(training.state(), TrainingController::State::Predicting);
    ASSERT_TRUE(waitIdle(training));
    EXPECT_GE(scores.count(), 1);
    EXPECT_TRUE(window->lastError().isEmpty()) << window->lastError().toStdString();
    const int64_t qualityModel = project.models().latest("quality")->id;
    std::map<int64_t, double> predicted;
    for (int n = 1; n < 4; ++n) {
        const auto pseudo = project.labels().labelToShow(ids[size_t(n)]);
        ASSERT_TRUE(pseudo && pseudo->provenance == LabelProvenance::Pseudo);
        const auto score = project.qualityScores().find(pseudo->id, qualityModel);
        ASSERT_TRUE(score.has_value()) << "volume " << ids[size_t(n)] << " was not scored";
        predicted[ids[size_t(n)]] = score->predictedQuality;
    }
    EXPECT_EQ(project.labels().labelOfRecord(ids[0])->provenance, LabelProvenance::Human);

    // The queue lists them worst predicted quality first.
    ReviewQueuePanel& queue = window->reviewQueue();
    ASSERT_EQ(queue.order().size(), 3u);
    for (size_t n = 1; n < queue.order().size(); ++n)
        EXPECT_LE(predicted[queue.order()[n - 1]], predicted[queue.order()[n]]);
    const std::vector<int64_t> order = queue.order();
    ASSERT_TRUE(window->openFromReviewQueue(order[0]));
    saveScreenshotIfAsked(*window, &window->reviewQueue(), "review-loop-queue");

    // A second run trains while the reviewer decides.
    ASSERT_TRUE(window->startTraining(test::tinyTrainingSettings("supervised", 100000)));
    ASSERT_TRUE(QTest::qWaitFor([&] { return training.stepsReported() >= 1; }, 120000));
    const int64_t revisionBefore = training.datasetRevision();

    // Accept the first, correct the second, reject the third.
    ASSERT_TRUE(window->openFromReviewQueue(order[0]));
    queue.findChild<QPushButton*>("reviewAccept")->click();
    const auto accepted = project.labels().labelOfRecord(order[0]);
    ASSERT_TRUE(accepted.has_value()) << window->lastError().toStdString();
    EXPECT_EQ(accepted->provenance, LabelProvenance::Accepted);
    EXPECT_EQ(project.reviews().find(order[0])->state, ReviewState::Accepted);

    ASSERT_TRUE(window->openFromReviewQueue(order[1]));
    queue.findChild<QPushButton*>("reviewCorrect")->click();
    paintCentre(*window);
    ASSERT_TRUE(window->saveCase());
    EXPECT_EQ(project.labels().labelOfRecord(order[1])->provenance, LabelProvenance::Corrected);
    EXPECT_EQ(project.reviews().find(order[1])->state, ReviewState::Corrected);

    ASSERT_TRUE(window->openFromReviewQueue(order[2]));
    queue.findChild<QPushButton*>("reviewReject")->click();
    EXPECT_EQ(project.reviews().find(order[2])->state, ReviewState::Rejected);
    EXPECT_FALSE(project.labels().labelOfRecord(order[2]).has_value());
    EXPECT_TRUE(queue.order().empty());

    // The running trainer picks the accepted and corrected cases up (its own revision check).
    const int64_t revisionNow = project.settings().datasetRevision();
    EXPECT_TRUE(QTest::qWaitFor([&] { return training.datasetRevision() == revisionNow; }, 20000))
        << training.datasetRevision() << " < " << revisionNow;
    EXPECT_GT(revisionNow, revisionBefore);
    size_t labelled = 0;
    for (const TrainingCase& c : readProjectDataset(project).cases)
        labelled += c.labelled();
    EXPECT_EQ(labelled, 3u);  // painted, accepted, corrected
    training.stop();
    training.waitUntilStopped();

    // Revert the corrected case to its pseudo-label in the history panel.
    ASSERT_TRUE(window->openCase(order[1]));
    LabelHistoryPanel& history = window->historyPanel();
    ASSERT_EQ(history.history().size(), 2u);
    EXPECT_TRUE(history.history()[1].voxelsChanged.value_or(0) > 0);
    auto* table = history.findChild<QTableWidget*>("labelHistoryTable");
    table->selectRow(0);
    history.findChild<QPushButton*>("historyRevert")->click();
    const auto reverted = project.labels().labelOfRecord(order[1]);
    ASSERT_TRUE(reverted.has_value());
    EXPECT_EQ(reverted->parentId, history.history()[0].version.id);
    EXPECT_EQ(history.history().size(), 3u);
    EXPECT_EQ(project.labels().load(reverted->id).labels,
              project.labels().load(history.history()[0].version.id).labels);
    if (auto* measurements = window->findChild<QDockWidget*>("measurementsDock"))
        measurements->raise();  // the picture shows the history and the class volumes
    saveScreenshotIfAsked(*window, &window->historyPanel(), "review-loop-history");

    // Export: the labels of record, never the rejected pseudo-label, with the manifest.
    const std::string out = dir.file("export");
    ASSERT_TRUE(window->exportMasks(QString::fromStdString(out)))
        << window->lastError().toStdString();
    size_t rows = 0;
    std::ifstream manifest(out + "/manifest.csv");
    for (std::string line; std::getline(manifest, line);)
        ++rows;
    EXPECT_EQ(rows, 4u);  // the header and three labels of record
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(out + "/labels"),
                            std::filesystem::directory_iterator{}),
              3);
    EXPECT_TRUE(std::filesystem::exists(out + "/images/hippocampus_006.nii.gz"));
}

}  // namespace
}  // namespace segloop::ui
