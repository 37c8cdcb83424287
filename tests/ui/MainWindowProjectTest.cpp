// Project actions of the main window: import off the GUI thread (all or nothing, errors naming
// the file), export of NIfTI masks, clear errors for a folder that is no project, recent
// projects, and the undo / redo / save keyboard shortcuts.
#include <filesystem>
#include <fstream>

#include <QSettings>
#include "ui/editing/EditUndo.h"

#include "UiTestSupport.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/ToolPanel.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/RenderViewWidget.h"

namespace segloop::ui {
namespace {

class MainWindowProjectTest : public ::testing::Test {
  protected:
    void SetUp() override {
        projectFolder = dir.file("project");
        ids = test::makeTestProject(projectFolder);
        window = test::openShownWindow(projectFolder);
    }

    segloop::test::TempDir dir;
    std::string projectFolder;
    test::TestProjectIds ids;
    std::unique_ptr<MainWindow> window;
};

TEST_F(MainWindowProjectTest, ImportAddsVolumesAndABadFileIsNamedAndChangesNothing) {
    const std::string bad = dir.file("broken.nii.gz");
    std::ofstream(bad) << "not a nifti file";
    const std::string good = dir.file("extra.nii.gz");
    std::filesystem::copy_file(
        std::string(SEGLOOP_TESTS_SOURCE_DIR) + "/../resources/demo/images/hippocampus_007.nii.gz",
        good);

    EXPECT_FALSE(window->importFiles({good, bad}));
    EXPECT_TRUE(window->lastError().contains("broken.nii.gz")) << window->lastError().toStdString();
    EXPECT_EQ(window->browser().rows().size(), 4u);  // all or nothing

    EXPECT_TRUE(window->importFiles({good})) << window->lastError().toStdString();
    EXPECT_EQ(window->browser().rows().size(), 5u);
    EXPECT_EQ(Project::open(projectFolder).volumes().list().size(), 5u);
}

TEST_F(MainWindowProjectTest, ExportWritesTheLabelOfRecordOfEveryLabelledVolume) {
    const std::string output = dir.file("masks");
    std::filesystem::create_directory(output);
    ASSERT_TRUE(window->exportMasks(QString::fromStdString(output)))
        << window->lastError().toStdString();
    for (const char* name : {"hippocampus_001", "hippocampus_003"}) {
        EXPECT_TRUE(std::filesystem::exists(output + "/labels/" + name + ".nii.gz")) << name;
    }
    // 004 has only a pseudo-label (not a label of record), 006 no label: images only.
    for (const char* name : {"hippocampus_004", "hippocampus_006"}) {
        EXPECT_FALSE(std::filesystem::exists(output + "/labels/" + name + ".nii.gz")) << name;
        EXPECT_TRUE(std::filesystem::exists(output + "/images/" + name + ".nii.gz")) << name;
    }
    EXPECT_TRUE(std::filesystem::exists(output + "/manifest.csv"));
    const LabelMap exported = readNiftiLabelMap(output + "/labels/hippocampus_001.nii.gz");
    EXPECT_EQ(exported.labels,
              Project::open(projectFolder).labels().loadLatest(ids.human001)->labels);

    EXPECT_FALSE(window->exportMasks(QString::fromStdString(output)));  // never overwrites
    EXPECT_TRUE(window->lastError().contains("already exists"))
        << window->lastError().toStdString();
}

TEST_F(MainWindowProjectTest, AFolderThatIsNoProjectGivesAClearError) {
    const std::string empty = dir.file("empty");
    std::filesystem::create_directory(empty);
    EXPECT_FALSE(window->openProject(QString::fromStdString(empty)));
    EXPECT_TRUE(window->lastError().contains(QString::fromStdString(empty)))
        << window->lastError().toStdString();
    EXPECT_EQ(window->project(), nullptr);  // the old project was closed first
    EXPECT_TRUE(window->openProject(QString::fromStdString(projectFolder)));
    const QStringList recent =
        QSettings("SegLoop", "SegLoop").value("recentProjects").toStringList();
    ASSERT_FALSE(recent.isEmpty());
    EXPECT_EQ(recent.front(), QString::fromStdString(projectFolder));
}

TEST_F(MainWindowProjectTest, UndoRedoAndSaveShortcuts) {
    window->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));
    QTest::keyClick(window.get(), Qt::Key_B);
    EXPECT_EQ(window->toolPanel().tools().tool, EditTool::Brush);
    QTest::keyClick(window.get(), Qt::Key_2);
    EXPECT_EQ(window->toolPanel().tools().activeClass, 2);
    const double radius = window->toolPanel().tools().brushRadiusMm;
    QTest::keyClick(window.get(), Qt::Key_BracketRight);
    EXPECT_GT(window->toolPanel().tools().brushRadiusMm, radius);

    const std::vector<uint16_t> before = window->document()->labels().labels;
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    const QPoint centre(view.width() / 2, view.height() / 2);
    QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, centre);
    QTest::mouseMove(&view, centre + QPoint(20, 0));
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, centre + QPoint(20, 0));
    const std::vector<uint16_t> painted = window->document()->labels().labels;
    ASSERT_NE(painted, before);

    QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier);
    EXPECT_EQ(window->document()->labels().labels, before);
    QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    EXPECT_EQ(window->document()->labels().labels, painted);
    QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier);
    QTest::keyClick(window.get(), Qt::Key_Y, Qt::ControlModifier);
    EXPECT_EQ(window->document()->labels().labels, painted);

    QTest::keyClick(window.get(), Qt::Key_S, Qt::ControlModifier);
    EXPECT_FALSE(window->document()->isModified());
    EXPECT_EQ(Project::open(projectFolder).labels().loadLatest(ids.human001)->labels, painted);
}

}  // namespace
}  // namespace segloop::ui
