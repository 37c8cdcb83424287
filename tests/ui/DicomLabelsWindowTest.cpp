// DICOM out and in from the window: a label painted on a DICOM series leaves through the export
// dialog as a DICOM SEG, and the window's import brings it into another project that holds the
// same series, as the label of record of that series' volume.
#include <filesystem>

#include <QComboBox>

#include "UiTestSupport.h"
#include "ui/editing/ToolPanel.h"
#include "ui/project/ExportDialog.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/RenderViewWidget.h"

namespace segloop::ui {
namespace {

namespace fs = std::filesystem;

std::string createProject(const std::string& folder) {
    Project project = Project::create(folder);
    project.labelSets().create("labels", {LabelClass{1, "anterior", {255, 0, 0}},
                                          LabelClass{2, "posterior", {0, 255, 0}}});
    return folder;
}

TEST(DicomLabelsWindow, ASegLeavesThroughTheExportDialogAndComesBackThroughImport) {
    segloop::test::TempDir dir;
    const std::string series = segloop::test::testDataDir() + "/dicom/hippo12";
    auto window = test::openShownWindow(createProject(dir.file("a")));
    ASSERT_TRUE(window->importFiles({series})) << window->lastError().toStdString();
    const int64_t volume = window->project()->volumes().list().at(0).volumeId;
    ASSERT_TRUE(window->openCase(volume));
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    window->toolPanel().setTool(EditTool::Brush);
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier,
                      QPoint(view.width() / 2, view.height() / 2));
    ASSERT_TRUE(window->saveCase());
    const LabelMap painted =
        window->project()->labels().load(window->project()->labels().labelOfRecord(volume)->id);
    ASSERT_GT(test::countClass(painted, 1), 0u);

    ExportDialog dialog(window.get());
    dialog.setOutputFolder(QString::fromStdString(dir.file("out")));
    auto* format = dialog.findChild<QComboBox*>("exportFormat");
    ASSERT_NE(format, nullptr);
    format->setCurrentIndex(format->findText("dicom-seg"));
    ASSERT_EQ(dialog.request().format, ExportFormat::DicomSeg);
    ASSERT_TRUE(window->exportLabels(dialog.request())) << window->lastError().toStdString();
    const std::vector<fs::path> segs(fs::directory_iterator(dir.file("out/seg")), {});
    ASSERT_EQ(segs.size(), 1u);

    // Another project with the same series: the SEG becomes its volume's label of record.
    const std::string other = createProject(dir.file("b"));
    {
        Project b = Project::open(other);
        ImportRequest request;
        request.inputs = {series};
        importIntoProject(b, request);
    }
    ASSERT_TRUE(window->openProject(QString::fromStdString(other)));
    ASSERT_TRUE(window->importFiles({segs.front().string()})) << window->lastError().toStdString();
    Project& b = *window->project();
    const int64_t volumeB = b.volumes().list().at(0).volumeId;
    const auto record = b.labels().labelOfRecord(volumeB);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(b.labels().load(record->id).labels, painted.labels);
}

}  // namespace
}  // namespace segloop::ui
