// The main window on a real project: a brush stroke made of synthesized mouse events changes
// voxels, undo restores them exactly, save writes a new label version with provenance, and
// switching case or closing the window autosaves.
#include <QLabel>
#include <QMouseEvent>
#include "ui/editing/EditUndo.h"

#include "UiTestSupport.h"
#include "render/SurfaceView.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/ToolPanel.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/LabelSubvolume.h"
#include "ui/viewer/RenderViewWidget.h"

namespace segloop::ui {
namespace {

class MainWindowEditingTest : public ::testing::Test {
  protected:
    void SetUp() override {
        projectFolder = dir.file("project");
        ids = test::makeTestProject(projectFolder);
        window = test::openShownWindow(projectFolder);
    }

    /// Drags the brush across the middle of the axial view with QTest mouse events.
    void paintStrokeInAxialView(EditTool tool = EditTool::Brush, int activeClass = 2) {
        window->toolPanel().setTool(tool);
        window->toolPanel().setActiveClass(activeClass);
        window->toolPanel().scaleBrush(1.5);  // 3 mm
        render::RenderViewWidget& view = window->viewer().sliceWidget(0);
        const QPoint centre(view.width() / 2, view.height() / 2);
        ASSERT_TRUE(window->viewer().sliceView(0).pick(centre).inside);
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, centre - QPoint(15, 0));
        for (int dx = -12; dx <= 15; dx += 3) {
            QTest::mouseMove(&view, centre + QPoint(dx, dx / 3));
        }
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, centre + QPoint(15, 5));
    }

    segloop::test::TempDir dir;
    std::string projectFolder;
    test::TestProjectIds ids;
    std::unique_ptr<MainWindow> window;
};

TEST_F(MainWindowEditingTest, OpensTheProjectWithEveryCaseAndTheFirstCaseShown) {
    EXPECT_EQ(window->browser().rows().size(), 4u);
    ASSERT_NE(window->document(), nullptr);
    EXPECT_EQ(window->document()->volumeId(), ids.human001);
    EXPECT_GT(test::countClass(window->document()->labels(), 1), 100u);
    window->browser().setStatusFilter("human");
    EXPECT_EQ(window->browser().visibleRowCount(), 2);
    window->browser().setStatusFilter("pseudo");
    EXPECT_EQ(window->browser().visibleRowCount(), 1);
    window->browser().setStatusFilter("all");
    window->browser().setTextFilter("hippocampus_006");
    EXPECT_EQ(window->browser().visibleRowCount(), 1);
}

TEST(LabelSubvolumeTest, TheCopyHoldsTheBoxGrownByOneVoxelWhereItWas) {
    ImageGeometry geometry;
    geometry.size = {20, 16, 12};
    geometry.spacingMm = {0.5, 0.7, 2.0};
    geometry.originMm = {-10.0, 4.0, 30.0};
    LabelMap labels(geometry);
    labels.at(5, 6, 7) = 1;
    labels.at(9, 6, 8) = 2;
    const VoxelBox box = labelledBoxOf(labels);
    EXPECT_EQ(box.min, (std::array<int64_t, 3>{5, 6, 7}));
    EXPECT_EQ(box.max, (std::array<int64_t, 3>{9, 6, 8}));
    const LabelMap copy = copyLabelsInBox(labels, box);
    EXPECT_EQ(copy.geometry.size, (std::array<int64_t, 3>{7, 3, 4}));
    for (int64_t k = 0; k < 4; ++k)
        for (int64_t j = 0; j < 3; ++j)
            for (int64_t i = 0; i < 7; ++i) {
                EXPECT_EQ(copy.at(i, j, k), labels.at(i + 4, j + 5, k + 6));
                const Vec3 there = copy.geometry.indexToWorld({double(i), double(j), double(k)});
                const Vec3 here =
                    geometry.indexToWorld({double(i + 4), double(j + 5), double(k + 6)});
                for (size_t axis = 0; axis < 3; ++axis)
                    EXPECT_NEAR(there[axis], here[axis], 1e-9);
            }
    EXPECT_TRUE(labelledBoxOf(LabelMap(geometry)).empty());
}

TEST_F(MainWindowEditingTest, TheSurfaceIsRebuiltOffTheGuiThreadAfterAnEdit) {
    const long long before = window->viewer().surfaceView().triangleCount();
    paintStrokeInAxialView(EditTool::Brush, 1);
    // The build starts 400 ms after the last edit, on a worker, on a copy of the labels.
    EXPECT_EQ(window->viewer().surfaceView().triangleCount(), before);
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return window->viewer().surfaceView().triangleCount() != before; }, 10000));
    // Another edit right after, then switching case: no surface of the old case shows late.
    paintStrokeInAxialView(EditTool::Eraser, 1);
    QTest::qWait(450);
    ASSERT_TRUE(window->openCase(ids.unlabelled006));
    QTest::qWait(1500);
    EXPECT_EQ(window->viewer().surfaceView().triangleCount(), 0);
}

TEST_F(MainWindowEditingTest, ABrushStrokeChangesVoxelsAndUndoRestoresThem) {
    const LabelMap before = window->document()->labels();
    paintStrokeInAxialView();
    const LabelMap& after = window->document()->labels();
    EXPECT_GT(test::countClass(after, 2), test::countClass(before, 2) + 10);
    EXPECT_TRUE(window->document()->isModified());
    ASSERT_EQ(window->editUndo().count(), 1);
    EXPECT_EQ(window->editUndo().undoText(), "Brush");
    EXPECT_TRUE(window->windowTitle().endsWith("*"));

    window->editUndo().undo();
    EXPECT_EQ(window->document()->labels().labels, before.labels);
    EXPECT_FALSE(window->document()->isModified());
    window->editUndo().redo();
    EXPECT_GT(test::countClass(window->document()->labels(), 2), test::countClass(before, 2) + 10);

    // The eraser removes what the brush painted, as a second undo step.
    paintStrokeInAxialView(EditTool::Eraser);
    EXPECT_EQ(window->editUndo().count(), 2);
    EXPECT_EQ(window->editUndo().undoText(), "Eraser");
}

TEST_F(MainWindowEditingTest, TheCursorReadOutShowsMillimetresAndTheVoxelValue) {
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    const CursorInfo& cursor = window->viewer().cursor();
    // Under a loaded machine (ctest --parallel) the view may get its final size and camera a
    // little after the window is shown: move again until then, for at most 3 s.
    for (int attempt = 0; attempt < 150 && !cursor.inside; ++attempt) {
        QTest::qWait(20);
        QTest::mouseMove(&view, QPoint(view.width() / 2 + attempt % 2, view.height() / 2));
    }
    ASSERT_TRUE(cursor.inside);
    const Volume& image = window->document()->image();
    EXPECT_FLOAT_EQ(cursor.value, image.at(cursor.voxel[0], cursor.voxel[1], cursor.voxel[2]));
    EXPECT_TRUE(view.overlayPanels().hud().cursorInside);
    EXPECT_EQ(view.overlayPanels().hud().voxelValue, cursor.value);
    const QLabel* status = window->findChild<QLabel*>("cursorStatus");
    ASSERT_NE(status, nullptr);
    EXPECT_TRUE(status->text().contains("mm")) << status->text().toStdString();
}

TEST_F(MainWindowEditingTest, TheHudFollowsThePointerIntoAnotherView) {
    render::RenderViewWidget& axial = window->viewer().sliceWidget(0);
    render::RenderViewWidget& coronal = window->viewer().sliceWidget(1);
    const QPoint centre(coronal.width() / 2, coronal.height() / 2);
    for (int attempt = 0; attempt < 150 && !coronal.overlayPanels().hud().cursorInside; ++attempt) {
        QTest::qWait(20);  // the view may get its final size a little after the window shows
        QTest::mouseMove(&coronal, centre + QPoint(attempt % 2, 0));
    }
    EXPECT_EQ(window->viewer().hudViewIndex(), 1);
    EXPECT_TRUE(coronal.overlayPanels().hud().visible);
    EXPECT_TRUE(coronal.overlayPanels().hud().cursorInside);
    EXPECT_FALSE(axial.overlayPanels().hud().visible);
    EXPECT_FALSE(window->viewer().sliceWidget(2).overlayPanels().hud().visible);
    // The moves above also warp the X pointer; its motion events can arrive after this move
    // and take the HUD back: move again until the axial view has it, for at most 3 s.
    for (int attempt = 0; attempt < 150 && window->viewer().hudViewIndex() != 0; ++attempt) {
        QTest::mouseMove(&axial, QPoint(axial.width() / 2 + attempt % 2, axial.height() / 2));
        QTest::qWait(20);
    }
    EXPECT_EQ(window->viewer().hudViewIndex(), 0);
    EXPECT_TRUE(axial.overlayPanels().hud().visible);
    EXPECT_FALSE(coronal.overlayPanels().hud().visible);
}

TEST_F(MainWindowEditingTest, SavingACorrectedPseudoLabelRecordsItsParent) {
    ASSERT_TRUE(window->openCase(ids.pseudo004));
    EXPECT_TRUE(window->document()->uncertainty() != nullptr);
    paintStrokeInAxialView();
    ASSERT_TRUE(window->saveCase()) << window->lastError().toStdString();
    EXPECT_FALSE(window->document()->isModified());

    Project reader = Project::open(projectFolder);  // a second connection reads what is on disk
    const auto latest = reader.labels().latestForVolume(ids.pseudo004);
    ASSERT_TRUE(latest.has_value());
    EXPECT_EQ(latest->provenance, LabelProvenance::Corrected);
    ASSERT_TRUE(latest->parentId.has_value());
    EXPECT_EQ(*latest->parentId, ids.pseudoVersion004);
    EXPECT_EQ(reader.labels().load(latest->id).labels, window->document()->labels().labels);
}

TEST_F(MainWindowEditingTest, SwitchingCaseAutosavesAHumanLabel) {
    ASSERT_TRUE(window->openCase(ids.unlabelled006));
    paintStrokeInAxialView();
    const std::vector<uint16_t> painted = window->document()->labels().labels;
    ASSERT_TRUE(window->openCase(ids.human003));
    EXPECT_EQ(window->document()->volumeId(), ids.human003);
    EXPECT_EQ(window->editUndo().count(), 0);

    Project reader = Project::open(projectFolder);
    const auto latest = reader.labels().latestForVolume(ids.unlabelled006);
    ASSERT_TRUE(latest.has_value());
    EXPECT_EQ(latest->provenance, LabelProvenance::Human);
    EXPECT_FALSE(latest->parentId.has_value());
    EXPECT_EQ(reader.labels().load(latest->id).labels, painted);
}

TEST_F(MainWindowEditingTest, ClosingTheWindowSavesTheOpenEdit) {
    paintStrokeInAxialView();
    const size_t versionsBefore =
        Project::open(projectFolder).labels().listForVolume(ids.human001).size();
    EXPECT_TRUE(window->close());
    const auto versions = Project::open(projectFolder).labels().listForVolume(ids.human001);
    ASSERT_EQ(versions.size(), versionsBefore + 1);
    EXPECT_EQ(versions.back().provenance, LabelProvenance::Human);
    EXPECT_EQ(*versions.back().parentId, versions.front().id);
}

TEST_F(MainWindowEditingTest, TheAutosaveTimerSavesAModifiedCase) {
    paintStrokeInAxialView();
    window->setAutosaveIntervalMs(100);
    EXPECT_TRUE(QTest::qWaitFor([&] { return !window->document()->isModified(); }, 5000));
    EXPECT_EQ(Project::open(projectFolder).labels().listForVolume(ids.human001).size(), 2u);
}

}  // namespace
}  // namespace segloop::ui
