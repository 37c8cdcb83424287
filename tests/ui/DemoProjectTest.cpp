// The bundled demo project, made exactly as scripts/demo.sh makes it (segloop-cli init + import
// of resources/demo), opens in the main window: every case listed, the first labelled case
// shown with its label overlay, and the window's picture not blank.
#include <set>

#include "UiTestSupport.h"
#include "ui/WindowScreenshot.h"
#include "ui/editing/ToolPanel.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/RenderViewWidget.h"

namespace segloop::ui {
namespace {

std::string quoted(const std::string& text) {
    return "'" + text + "'";
}

TEST(DemoProjectTest, TheDemoProjectOpensWithEveryCaseAndShowsTheLabels) {
    const std::string demo = std::string(SEGLOOP_TESTS_SOURCE_DIR) + "/../resources/demo";
    segloop::test::TempDir dir;
    const std::string project = dir.file("demo-project");
    const std::string cli = quoted(segloop::test::cliPath());
    const auto init = segloop::test::runCommand(cli + " init " + quoted(project) +
                                                " --name 'Hippocampus demo'"
                                                " --classes anterior,posterior");
    ASSERT_EQ(init.exitCode, 0) << init.output;
    const auto import = segloop::test::runCommand(cli + " import " + quoted(project) + " " +
                                                  quoted(demo + "/images") + " --labels " +
                                                  quoted(demo + "/labels") + " --author demo");
    ASSERT_EQ(import.exitCode, 0) << import.output;

    std::unique_ptr<MainWindow> window = test::openShownWindow(project);
    ASSERT_EQ(window->browser().rows().size(), 40u);
    size_t labelled = 0;
    int64_t firstLabelled = 0;
    for (const CaseRow& row : window->browser().rows()) {
        if (row.record.labelStatus == LabelProvenance::Human) {
            firstLabelled = firstLabelled == 0 ? row.record.volumeId : firstLabelled;
            ++labelled;
        }
    }
    EXPECT_EQ(labelled, 8u);
    ASSERT_TRUE(window->openCase(firstLabelled)) << window->lastError().toStdString();

    OverlaySettings overlays = window->toolPanel().overlays();
    overlays.labelsVisible = true;
    overlays.labelOpacity = 1.0;
    window->toolPanel().setOverlays(overlays);
    QTest::qWait(50);
    const QImage withLabels = window->viewer().sliceWidget(0).grabFramebuffer();
    overlays.labelsVisible = false;
    window->toolPanel().setOverlays(overlays);
    QTest::qWait(50);
    const QImage withoutLabels = window->viewer().sliceWidget(0).grabFramebuffer();
    ASSERT_EQ(withLabels.size(), withoutLabels.size());
    int changed = 0;
    for (int y = 0; y < withLabels.height(); ++y) {
        for (int x = 0; x < withLabels.width(); ++x) {
            changed += withLabels.pixel(x, y) != withoutLabels.pixel(x, y) ? 1 : 0;
        }
    }
    EXPECT_GT(changed, 500);  // the labelled hippocampus covers part of the axial slice

    const QImage picture = grabWindowWithRenderViews(*window);
    std::set<QRgb> colours;
    for (int y = 0; y < picture.height(); y += 2) {
        for (int x = 0; x < picture.width(); x += 2) {
            colours.insert(picture.pixel(x, y));
        }
    }
    EXPECT_GT(colours.size(), 200u);
}

}  // namespace
}  // namespace segloop::ui
