#pragma once

// Helpers of the ui tests: a real project (tests/data hippocampus cases) made through storage,
// a shown main window on it, and pixel checks. No mocks: the window, VTK and the database are real.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <QImage>
#include <QStandardPaths>
#include <QTest>

#include <gtest/gtest.h>

#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"
#include "learning/settings/TrainingSettings.h"
#include "storage/Project.h"
#include "storage/ProjectImporter.h"
#include "support/TestPaths.h"
#include "ui/MainWindow.h"
#include "ui/project/ProjectBrowser.h"

namespace segloop::ui::test {

/// Volume ids of the test project: 001 and 003 with human labels, 004 with a pseudo-label
/// (and an uncertainty map), 006 unlabelled.
struct TestProjectIds {
    int64_t human001 = 0;
    int64_t human003 = 0;
    int64_t pseudo004 = 0;
    int64_t unlabelled006 = 0;
    int64_t pseudoVersion004 = 0;
};

inline std::string hippocampus(const char* folder, const char* number) {
    return segloop::test::testDataDir() + "/hippocampus/" + folder + "/hippocampus_" + number +
           ".nii.gz";
}

/// Classes anterior (pure red) and posterior (pure green). Without `humanLabels`, 001 and 003
/// are imported without their labels (the review tests give them pseudo-labels instead).
inline TestProjectIds makeTestProject(const std::string& folder, bool humanLabels = true) {
    TestProjectIds ids;
    Project project = Project::create(folder);
    project.labelSets().create("labels", {LabelClass{1, "anterior", {255, 0, 0}},
                                          LabelClass{2, "posterior", {0, 255, 0}}});
    ImportRequest labelled;
    labelled.inputs = {hippocampus("imagesTr", "001"), hippocampus("imagesTr", "003")};
    if (humanLabels)
        labelled.labelsFolder = segloop::test::testDataDir() + "/hippocampus/labelsTr";
    const ImportReport first = importIntoProject(project, labelled);
    ImportRequest unlabelled;
    unlabelled.inputs = {hippocampus("imagesTr", "004"), hippocampus("imagesTr", "006")};
    const ImportReport second = importIntoProject(project, unlabelled);
    ids.human001 = first.imported.at(0).volumeId;
    ids.human003 = first.imported.at(1).volumeId;
    ids.pseudo004 = second.imported.at(0).volumeId;
    ids.unlabelled006 = second.imported.at(1).volumeId;

    ModelRecord model;
    model.name = "segmentation";
    model.method = "mean-teacher";
    const int64_t modelId = project.models().add(model);
    NewLabelVersion pseudo;
    pseudo.volumeId = ids.pseudo004;
    pseudo.labelSetId = project.labelSets().list().front().id;
    pseudo.provenance = LabelProvenance::Pseudo;
    pseudo.modelId = modelId;
    pseudo.sourceName = "test pseudo-label";
    LabelMap pseudoLabels = readNiftiLabelMap(hippocampus("labelsTr", "004"));
    pseudoLabels.geometry = project.volumes().get(ids.pseudo004).geometry;
    ids.pseudoVersion004 = project.labels().add(pseudo, pseudoLabels);
    Volume uncertainty(pseudoLabels.geometry);
    for (size_t n = 0; n < uncertainty.voxels.size(); ++n)
        uncertainty.voxels[n] = float(n % 7) / 6.0f;
    writeNiftiVolume(uncertainty, project.layout().absolute(
                                      ProjectLayout::uncertaintyDataPath(ids.pseudoVersion004)));
    return ids;
}

/// A tiny network that trains in well under a second a step on one CPU thread: `method` for
/// `iterations` steps (16^3 patches, 4 base channels, 3 levels, adam, no validation).
inline TrainingSettings tinyTrainingSettings(const std::string& method, int64_t iterations) {
    TrainingSettings settings;
    settings.method = method;
    settings.iterations = iterations;
    settings.network.baseChannels = 4;
    settings.network.levels = 3;
    settings.sampler.patchSize = {16, 16, 16};
    settings.validationInterval = 0;
    settings.checkpointInterval = 0;
    settings.device = "cpu";
    settings.threads = 1;
    settings.optimizer = "adam";
    return settings;
}

/// A main window on `folder`, shown and exposed, errors kept out of message boxes, settings
/// (recent projects) in Qt's test location rather than the user's.
inline std::unique_ptr<MainWindow> openShownWindow(const std::string& folder) {
    QStandardPaths::setTestModeEnabled(true);  // recent projects go to a test settings file
    auto window = std::make_unique<MainWindow>();
    window->setErrorDialogsEnabled(false);
    window->resize(1280, 800);
    window->show();
    EXPECT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    EXPECT_TRUE(window->openProject(QString::fromStdString(folder)))
        << window->lastError().toStdString();
    QTest::qWait(50);
    return window;
}

/// Number of voxels holding `labelClass`.
inline size_t countClass(const LabelMap& labels, uint16_t labelClass) {
    size_t count = 0;
    for (uint16_t value : labels.labels)
        count += value == labelClass ? 1 : 0;
    return count;
}

inline int countNear(const QImage& image, int red, int green, int blue, int tolerance) {
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QRgb pixel = image.pixel(x, y);
            if (std::abs(qRed(pixel) - red) <= tolerance &&
                std::abs(qGreen(pixel) - green) <= tolerance &&
                std::abs(qBlue(pixel) - blue) <= tolerance) {
                ++count;
            }
        }
    }
    return count;
}

}  // namespace segloop::ui::test
