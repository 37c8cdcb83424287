// File > Export model in the window: the action is in the File menu, and exporting a model of
// the open project (off the GUI thread) writes the bundle `segloop-cli export-model` writes.
#include <filesystem>

#include <QAction>

#include "UiTestSupport.h"
#include "learning/LearningTestSupport.h"
#include "learning/training/Trainer.h"
#include "workflow/ModelBundle.h"

namespace segloop::ui {
namespace {

TEST(ModelBundleWindowTest, ExportModelWritesACheckedBundle) {
    segloop::test::TempDir dir;
    const std::string folder = dir.file("project");
    test::makeTestProject(folder);
    int64_t modelId = 0;
    {
        TrainingSettings settings = segloop::test::tinySettings("supervised", 1);
        settings.threads = 1;
        Trainer trainer(settings, segloop::test::hippocampusCases(), {});
        trainer.step();
        Project project = Project::open(folder);
        trainer.saveCheckpoint(project.layout().absolute("data/models/run-1.pt"));
        modelId = project.models().add(
            {0, "segmentation", 0, "supervised", "data/models/run-1.pt", "", "{}"});
    }
    std::unique_ptr<MainWindow> window = test::openShownWindow(folder);
    QAction* action = window->findChild<QAction*>("exportModelAction");
    ASSERT_NE(action, nullptr);
    EXPECT_TRUE(action->text().contains("model"));

    const std::string bundle = dir.file("model.segloop-model");
    ASSERT_TRUE(window->exportModel(modelId, QString::fromStdString(bundle)))
        << window->lastError().toStdString();
    const ModelBundle read = readModelBundle(bundle);
    EXPECT_EQ(read.manifest.settings.method, "supervised");
    EXPECT_EQ(read.manifest.classes.size(), 2u);

    EXPECT_FALSE(window->exportModel(modelId + 100, QString::fromStdString(dir.file("x"))));
    EXPECT_FALSE(window->lastError().isEmpty());
}

}  // namespace
}  // namespace segloop::ui
