// The Measurements dock: the voxels and mL of each class of the labels being edited, equal to
// counting the label map's voxels, after opening a case, a brush stroke, undo and a case switch.
#include <QDockWidget>
#include <QTableWidget>
#include "ui/editing/EditUndo.h"

#include "UiTestSupport.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/ToolPanel.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/ClassVolumePanel.h"
#include "ui/viewer/RenderViewWidget.h"

namespace segloop::ui {
namespace {

class ClassVolumePanelTest : public ::testing::Test {
  protected:
    void SetUp() override {
        projectFolder = dir.file("project");
        ids = test::makeTestProject(projectFolder);
        window = test::openShownWindow(projectFolder);
        panel = window->findChild<ClassVolumePanel*>("classVolumePanel");
    }

    /// The table's text at (row, column).
    std::string text(int row, int column) const {
        const QTableWidgetItem* item = panel->table().item(row, column);
        return item ? item->text().toStdString() : std::string("(no item)");
    }

    /// Expects one row per class (anterior, posterior) whose numbers count the open labels.
    void expectRowsCountTheOpenLabels() {
        ASSERT_NE(window->document(), nullptr);
        const LabelMap& labels = window->document()->labels();
        const auto& spacing = labels.geometry.spacingMm;
        ASSERT_EQ(panel->table().rowCount(), 2);
        const char* names[] = {"anterior", "posterior"};
        for (int row = 0; row < 2; ++row) {
            const size_t voxels = test::countClass(labels, uint16_t(row + 1));
            const double millilitres = double(voxels) * spacing[0] * spacing[1] * spacing[2] / 1000;
            EXPECT_EQ(text(row, 0), names[row]);
            EXPECT_EQ(text(row, 1), std::to_string(voxels));
            EXPECT_EQ(text(row, 2), QString::number(millilitres, 'f', 3).toStdString());
            EXPECT_EQ(panel->volumes().at(size_t(row)).voxels, int64_t(voxels));
        }
    }

    /// Drags the brush across the middle of the axial view with QTest mouse events.
    void paintStrokeInAxialView(int activeClass) {
        window->toolPanel().setTool(EditTool::Brush);
        window->toolPanel().setActiveClass(activeClass);
        window->toolPanel().scaleBrush(1.5);  // 3 mm
        render::RenderViewWidget& view = window->viewer().sliceWidget(0);
        const QPoint centre(view.width() / 2, view.height() / 2);
        ASSERT_TRUE(window->viewer().sliceView(0).pick(centre).inside);
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, centre - QPoint(15, 0));
        for (int dx = -12; dx <= 15; dx += 3)
            QTest::mouseMove(&view, centre + QPoint(dx, dx / 3));
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, centre + QPoint(15, 5));
    }

    segloop::test::TempDir dir;
    std::string projectFolder;
    test::TestProjectIds ids;
    std::unique_ptr<MainWindow> window;
    ClassVolumePanel* panel = nullptr;
};

TEST_F(ClassVolumePanelTest, TheMeasurementsDockShowsTheOpenCaseVoxelCounts) {
    ASSERT_NE(panel, nullptr);
    auto* dock = window->findChild<QDockWidget*>("measurementsDock");
    ASSERT_NE(dock, nullptr);
    EXPECT_EQ(dock->windowTitle(), "Measurements");
    // A tab beside Training, which stays in front; raising it shows the table.
    auto* training = window->findChild<QDockWidget*>("trainingDock");
    EXPECT_TRUE(window->tabifiedDockWidgets(dock).contains(training));
    EXPECT_TRUE(panel->visibleRegion().isEmpty());
    EXPECT_FALSE(training->visibleRegion().isEmpty());
    dock->raise();
    EXPECT_TRUE(QTest::qWaitFor([&] { return !panel->visibleRegion().isEmpty(); }, 2000));
    ASSERT_EQ(window->document()->volumeId(), ids.human001);
    EXPECT_EQ(panel->table().columnCount(), 3);
    EXPECT_EQ(panel->table().horizontalHeaderItem(2)->text().toStdString(), "mL");
    expectRowsCountTheOpenLabels();
    EXPECT_GT(panel->volumes().at(0).voxels, 100);
}

TEST_F(ClassVolumePanelTest, AStrokeGrowsThePaintedClassAndUndoTakesItBack) {
    ASSERT_NE(panel, nullptr);
    const int64_t anterior = panel->volumes().at(0).voxels;
    const int64_t posterior = panel->volumes().at(1).voxels;
    paintStrokeInAxialView(2);
    ASSERT_EQ(window->editUndo().count(), 1);
    EXPECT_GT(panel->volumes().at(1).voxels, posterior + 10);
    EXPECT_LE(panel->volumes().at(0).voxels, anterior);  // the brush paints over, never adds
    expectRowsCountTheOpenLabels();

    window->editUndo().undo();
    EXPECT_EQ(panel->volumes().at(1).voxels, posterior);
    EXPECT_EQ(panel->volumes().at(0).voxels, anterior);
    window->editUndo().redo();
    EXPECT_GT(panel->volumes().at(1).voxels, posterior + 10);
    expectRowsCountTheOpenLabels();
}

TEST_F(ClassVolumePanelTest, SwitchingCaseMeasuresTheNewCaseAndClosingEmptiesIt) {
    ASSERT_NE(panel, nullptr);
    ASSERT_TRUE(window->openCase(ids.human003));
    expectRowsCountTheOpenLabels();
    ASSERT_TRUE(window->openCase(ids.unlabelled006));
    expectRowsCountTheOpenLabels();
    EXPECT_EQ(text(0, 1), "0");
    EXPECT_EQ(text(1, 2), "0.000");
    // A stroke on an unlabelled case, then a switch: the autosaved case's numbers go away.
    paintStrokeInAxialView(1);
    EXPECT_GT(panel->volumes().at(0).voxels, 10);
    ASSERT_TRUE(window->openCase(ids.human001));
    expectRowsCountTheOpenLabels();
    ASSERT_TRUE(window->closeProject());
    EXPECT_EQ(panel->table().rowCount(), 0);
    EXPECT_TRUE(panel->volumes().empty());
}

TEST(ClassVolumePanel, WithoutClassNamesListsTheClassesPresent) {
    ClassVolumePanel panel;
    ImageGeometry grid;
    grid.size = {4, 4, 2};
    grid.spacingMm = {0.5, 0.5, 2.0};  // 0.5 mm^3
    LabelMap labels(grid);
    labels.at(0, 0, 0) = 3;
    labels.at(1, 0, 0) = 3;
    labels.at(2, 2, 1) = 1;
    panel.showLabels(&labels, {});
    ASSERT_EQ(panel.table().rowCount(), 3);
    EXPECT_EQ(panel.table().item(0, 0)->text().toStdString(), "label 1");
    EXPECT_EQ(panel.table().item(1, 1)->text().toStdString(), "0");
    EXPECT_EQ(panel.table().item(2, 1)->text().toStdString(), "2");
    EXPECT_EQ(panel.volumes().at(2).millilitres, 0.001);
    panel.showLabels(nullptr, {"a", "b"});
    EXPECT_EQ(panel.table().rowCount(), 0);
}

}  // namespace
}  // namespace segloop::ui
