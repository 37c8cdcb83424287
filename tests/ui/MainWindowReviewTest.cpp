// The review queue of the main window: the pseudo-labels waiting for review in the order of the
// chosen strategy (the shared orderForReview), each case handed to one reviewer only (storage's
// takeForReview), accept / correct / next.
#include <algorithm>
#include <cstdlib>
#include <vector>

#include <QComboBox>
#include <QTabWidget>

#include "UiTestSupport.h"
#include "learning/scoring/ReviewOrdering.h"
#include "ui/WindowScreenshot.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/ToolPanel.h"
#include "ui/project/ReviewQueuePanel.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/RenderViewWidget.h"
#include "workflow/ReviewQueue.h"

namespace segloop::ui {
namespace {

using Ids = std::vector<int64_t>;

class MainWindowReviewTest : public ::testing::Test {
  protected:
    void SetUp() override {
        projectFolder = dir.file("project");
        ids = test::makeTestProject(projectFolder, false);
        window = test::openShownWindow(projectFolder);
    }

    /// Pseudo-labels on 001 and 003 too (copies of their ground truth), and scores of a quality
    /// predictor for all three:
    /// quality 001 0.9, 003 0.4, 004 0.7; entropy 001 0.5, 003 0.1, 004 0.3.
    void scoreThreePseudoLabels() {
        Project writer = Project::open(projectFolder);
        ModelRecord segmenter;
        segmenter.name = "segmenter";
        segmenter.method = "mean-teacher";
        const int64_t segmenterId = writer.models().add(segmenter);
        ModelRecord predictor;
        predictor.name = "quality";
        predictor.method = "quality-predictor";
        const int64_t predictorId = writer.models().add(predictor);
        auto pseudoLabel = [&](int64_t volumeId) {
            NewLabelVersion pseudo;
            pseudo.volumeId = volumeId;
            pseudo.labelSetId = writer.labelSets().list().front().id;
            pseudo.provenance = LabelProvenance::Pseudo;
            pseudo.modelId = segmenterId;
            pseudo.sourceName = "test pseudo-label";
            LabelMap labels = volumeId == ids.pseudo004
                                  ? *writer.labels().loadLatest(volumeId)
                                  : readNiftiLabelMap(test::hippocampus(
                                        "labelsTr", volumeId == ids.human001 ? "001" : "003"));
            labels.geometry = writer.volumes().get(volumeId).geometry;
            return writer.labels().add(pseudo, labels);
        };
        auto score = [&](int64_t versionId, double quality, double entropy) {
            QualityScoreRecord record;
            record.modelId = predictorId;
            record.labelVersionId = versionId;
            record.predictedQuality = quality;
            record.entropy = entropy;
            record.epistemicUncertainty = entropy / 10.0;
            writer.qualityScores().record(record);
        };
        score(pseudoLabel(ids.human001), 0.9, 0.5);
        score(pseudoLabel(ids.human003), 0.4, 0.1);
        score(ids.pseudoVersion004, 0.7, 0.3);
    }

    /// Saves the window, review queue tab in front, as $SEGLOOP_UI_SCREENSHOTS/<name>.png.
    void saveScreenshotIfAsked(const char* name) {
        const char* folder = std::getenv("SEGLOOP_UI_SCREENSHOTS");
        if (folder == nullptr)
            return;
        if (auto* tabs = window->findChild<QTabWidget*>("leftTabs"))
            tabs->setCurrentWidget(&window->reviewQueue());
        QTest::qWait(50);
        grabWindowWithRenderViews(*window).save(QString(folder) + "/" + name + ".png");
    }

    void chooseStrategy(const char* name) {
        auto* box = window->findChild<QComboBox*>("reviewStrategy");
        ASSERT_NE(box, nullptr);
        const int index = box->findText(name);
        ASSERT_GE(index, 0) << name;
        box->setCurrentIndex(index);
    }

    segloop::test::TempDir dir;
    std::string projectFolder;
    test::TestProjectIds ids;
    std::unique_ptr<MainWindow> window;
};

TEST_F(MainWindowReviewTest, TheQueueOrdersThePseudoLabelsByTheChosenStrategy) {
    ReviewQueuePanel& queue = window->reviewQueue();
    EXPECT_EQ(queue.strategy(), ReviewStrategy::Quality);
    EXPECT_EQ(queue.order(), Ids{ids.pseudo004});  // only pseudo-labels wait for review
    EXPECT_TRUE(queue.orderDescription().contains("without this score"));

    scoreThreePseudoLabels();
    window->refreshCases();
    EXPECT_TRUE(queue.orderDescription().startsWith("Worst predicted quality first"));
    EXPECT_EQ(queue.order(), (Ids{ids.human003, ids.pseudo004, ids.human001}));

    chooseStrategy("entropy");
    EXPECT_EQ(queue.strategy(), ReviewStrategy::Entropy);
    EXPECT_EQ(queue.order(), (Ids{ids.human001, ids.pseudo004, ids.human003}));
    chooseStrategy("epistemic");
    EXPECT_EQ(queue.order(), (Ids{ids.human001, ids.pseudo004, ids.human003}));

    // The CLI's order for the same project and strategy.
    Project reader = Project::open(projectFolder);
    Ids cliOrder;
    for (const ReviewCandidate& candidate : orderForReview(
             openReviewCandidates(reader, reviewQualityModel(reader)), ReviewStrategy::Random, 1))
        cliOrder.push_back(candidate.volumeId);
    chooseStrategy("random");
    EXPECT_EQ(queue.order(), cliOrder);

    chooseStrategy("quality");
    EXPECT_EQ(queue.order(), (Ids{ids.human003, ids.pseudo004, ids.human001}));
}

TEST_F(MainWindowReviewTest, ACaseIsHandedToOneReviewerOnly) {
    scoreThreePseudoLabels();
    window->refreshCases();
    ReviewQueuePanel& queue = window->reviewQueue();
    const std::string user = window->project()->userName();

    // Next opens the worst case and takes it for this user.
    queue.openNext();
    ASSERT_NE(window->document(), nullptr);
    EXPECT_EQ(window->document()->volumeId(), ids.human003);
    {
        const auto taken = Project::open(projectFolder).reviews().find(ids.human003);
        ASSERT_TRUE(taken.has_value());
        EXPECT_EQ(taken->state, ReviewState::InReview);
        EXPECT_EQ(taken->reviewer, user);
    }
    EXPECT_TRUE(queue.takenByThisUser(ids.human003));
    EXPECT_EQ(queue.order().front(), ids.human003);  // still listed for this user
    saveScreenshotIfAsked("review-queue");

    // Another reviewer (another process) asking for the worst case gets the next one.
    {
        Project other = Project::open(projectFolder);
        const auto ordered = orderForReview(openReviewCandidates(other, reviewQualityModel(other)),
                                            ReviewStrategy::Quality);
        const auto taken = takeForReview(other, ordered, 1, "bob");
        ASSERT_EQ(taken.size(), 1u);
        EXPECT_EQ(taken.front().volumeId, ids.pseudo004);
    }
    // This window's list still shows 004 until read again: opening it is refused, not handed out.
    ASSERT_EQ(queue.order().size(), 3u);
    EXPECT_FALSE(window->openFromReviewQueue(ids.pseudo004));
    EXPECT_TRUE(window->lastError().contains("bob")) << window->lastError().toStdString();
    EXPECT_EQ(window->document()->volumeId(), ids.human003);
    EXPECT_EQ(queue.order(), (Ids{ids.human003, ids.human001}));
    EXPECT_EQ(Project::open(projectFolder).reviews().find(ids.pseudo004)->reviewer, "bob");

    // Accept records the review, the case leaves the queue and the next one is opened (taken).
    ASSERT_TRUE(window->review(ids.human003, ReviewState::Accepted))
        << window->lastError().toStdString();
    EXPECT_EQ(Project::open(projectFolder).reviews().find(ids.human003)->state,
              ReviewState::Accepted);
    EXPECT_EQ(window->document()->volumeId(), ids.human001);
    EXPECT_TRUE(queue.takenByThisUser(ids.human001));
    EXPECT_EQ(queue.order(), Ids{ids.human001});

    // "Correct" opens the case with the brush; saving the correction marks it corrected.
    ASSERT_TRUE(window->review(ids.human001, ReviewState::Corrected));
    EXPECT_EQ(window->toolPanel().tools().tool, EditTool::Brush);
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier,
                      QPoint(view.width() / 2 - 40, view.height() / 2));
    ASSERT_TRUE(window->saveCase());
    Project reader = Project::open(projectFolder);
    const auto corrected = reader.reviews().find(ids.human001);
    EXPECT_EQ(corrected->state, ReviewState::Corrected);
    EXPECT_EQ(corrected->labelVersionId, reader.labels().latestForVolume(ids.human001)->id);
    EXPECT_EQ(reader.labels().latestForVolume(ids.human001)->provenance,
              LabelProvenance::Corrected);
    EXPECT_TRUE(queue.order().empty());
    EXPECT_TRUE(queue.orderDescription().contains("No pseudo-labels"));

    // Previous on an empty queue opens nothing.
    queue.openPrevious();
    EXPECT_EQ(window->document()->volumeId(), ids.human001);
}

}  // namespace
}  // namespace segloop::ui
