// Redraw time of the desktop window on a CT-sized case (512x512x300, 0.7x0.7x1.0 mm, int16
// image, a two-class pseudo-label), idle, during a background training run and during a background
// predict-and-score (the window's Predict): from the event
// (arrow key or wheel on the axial view; the mouse release ending a brush stroke; a mouse move
// during a drag) until every slice view asked to redraw has presented the new frame
// (RedrawProbe.h), and
// each view's paintGL time. Prints markdown; asserts nothing. Needs a display (Xvfb):
//
//   xvfb-run -a -s '-screen 0 1280x800x24' bench_ui_redraw [slice-changes] [strokes]
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <QApplication>
#include <QDir>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QStandardPaths>
#include <QSurfaceFormat>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include "RedrawProbe.h"
#include "core/io/NiftiWriter.h"
#include "storage/Project.h"
#include "storage/ProjectImporter.h"
#include "ui/MainWindow.h"
#include "ui/editing/ToolPanel.h"
#include "ui/training/TrainingController.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/RenderViewWidget.h"

namespace {

using segloop::bench::Redraw;
using segloop::bench::RedrawProbe;
using segloop::bench::Samples;
using segloop::ui::MainWindow;

/// A CT-like case: air around an elliptic "body" (25..56 HU), with a label map holding an
/// ellipsoid (class 1) and a sphere (class 2), scaled to the grid size.
void makeCase(const std::array<int64_t, 3>& size, segloop::Volume& image,
              segloop::LabelMap& labels) {
    segloop::ImageGeometry geometry;
    geometry.size = size;
    geometry.spacingMm = {0.7, 0.7, 1.0};
    image = segloop::Volume(geometry);
    labels = segloop::LabelMap(geometry);
    const double nx = double(size[0]), ny = double(size[1]), nz = double(size[2]);
    uint32_t noise = 7;
    size_t n = 0;
    for (int64_t k = 0; k < size[2]; ++k) {
        for (int64_t j = 0; j < size[1]; ++j) {
            for (int64_t i = 0; i < size[0]; ++i, ++n) {
                noise = noise * 1664525u + 1013904223u;
                const double x = (i - nx / 2) / (0.45 * nx), y = (j - ny / 2) / (0.33 * ny);
                image.voxels[n] = x * x + y * y <= 1.0 ? float(25 + (noise >> 27)) : -1000.0f;
                const double ex = (i - 0.45 * nx) / (0.16 * nx), ey = (j - 0.49 * ny) / (0.12 * ny),
                             ez = (k - nz / 2) / (0.2 * nz);
                const double sx = (i - 0.64 * nx) / (0.06 * nx), sy = (j - 0.51 * ny) / (0.06 * ny),
                             sz = (k - nz / 2) / (0.07 * nz);
                labels.labels[n] = ex * ex + ey * ey + ez * ez <= 1.0   ? 1
                                   : sx * sx + sy * sy + sz * sz <= 1.0 ? 2
                                                                        : 0;
            }
        }
    }
}

/// A project with the 512x512x300 case shown in the window, holding a pseudo-label (the usual
/// case to correct), and a small 96x96x48 case with a human label that the training run uses.
/// Imported through storage as the CLI does. Returns the big case's volume id.
int64_t makeProject(const std::string& folder, const std::string& scratch) {
    segloop::Volume image, small;
    segloop::LabelMap labels, smallLabels;
    makeCase({512, 512, 300}, image, labels);
    makeCase({96, 96, 48}, small, smallLabels);
    QDir().mkpath(QString::fromStdString(scratch + "/labels"));
    segloop::writeNiftiVolume(image, scratch + "/ct_big.nii");
    segloop::writeNiftiVolume(small, scratch + "/ct_small.nii");
    segloop::writeNiftiLabelMap(smallLabels, scratch + "/labels/ct_small.nii");
    segloop::Project project = segloop::Project::create(folder);
    project.labelSets().create("labels", {segloop::LabelClass{1, "organ", {255, 0, 0}},
                                          segloop::LabelClass{2, "lesion", {0, 255, 0}}});
    segloop::ImportRequest request;
    request.inputs = {scratch + "/ct_big.nii", scratch + "/ct_small.nii"};
    request.labelsFolder = scratch + "/labels";
    const segloop::ImportReport report = segloop::importIntoProject(project, request);
    segloop::ModelRecord model;
    model.name = "segmentation";
    model.method = "supervised";
    segloop::NewLabelVersion pseudo;
    pseudo.volumeId = report.imported.at(0).volumeId;
    pseudo.labelSetId = project.labelSets().list().front().id;
    pseudo.provenance = segloop::LabelProvenance::Pseudo;
    pseudo.modelId = project.models().add(model);
    pseudo.sourceName = "synthetic pseudo-label";
    labels.geometry = project.volumes().get(pseudo.volumeId).geometry;
    project.labels().add(pseudo, labels);
    return pseudo.volumeId;
}

segloop::TrainingSettings smallTraining() {
    segloop::TrainingSettings settings;
    settings.method = "mean-teacher";
    settings.iterations = 100000;  // stopped after the measurement
    settings.network.baseChannels = 4;
    settings.network.levels = 3;
    settings.sampler.patchSize = {16, 16, 16};
    settings.validationInterval = 0;
    settings.checkpointInterval = 0;
    settings.device = "cpu";
    settings.threads = 1;
    return settings;
}

void sendWheel(QWidget& view, int steps) {
    const QPointF at(view.width() / 2.0, view.height() / 2.0);
    QWheelEvent wheel(at, view.mapToGlobal(at), QPoint(), QPoint(0, 120 * steps), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&view, &wheel);
}

/// Longest gap between ticks of a 1 ms timer over `durationMs`: how long the GUI thread was
/// unable to handle input (e.g. the 3D surface rebuilt 400 ms after a stroke).
double longestStallMs(int durationMs) {
    QElapsedTimer clock;
    clock.start();
    double last = 0.0, longest = 0.0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(1);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const double now = double(clock.nsecsElapsed()) * 1e-6;
        longest = std::max(longest, now - last);
        last = now;
    });
    tick.start();
    while (clock.elapsed() < durationMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return std::max(longest, double(clock.nsecsElapsed()) * 1e-6 - last);
}

struct Results {
    std::map<std::string, Samples> rows;
    /// Milestones of each redraw (RedrawProbe's Redraw), in ms from the event.
    std::map<std::string, Samples> phases;
    int incomplete = 0;

    void add(const std::string& name, const Redraw& redraw, const char* const* viewNames) {
        if (!redraw.complete) {
            ++incomplete;
            return;
        }
        rows[name].ms.push_back(redraw.latencyMs);
        phases[name + ": event handled"].ms.push_back(redraw.handledMs);
        phases[name + ": first paintGL began"].ms.push_back(redraw.firstPaintMs);
        phases[name + ": last paintGL ended"].ms.push_back(redraw.lastPaintEndMs);
        phases[name + ": first frame presented"].ms.push_back(redraw.firstPresentedMs);
        phases[name + ": frame presented"].ms.push_back(redraw.latencyMs);
        for (size_t v = 0; v < redraw.paintMs.size(); ++v) {
            if (std::isnan(redraw.paintMs[v]))
                continue;  // that view did not need a redraw
            rows["paintGL " + std::string(viewNames[v]) + " (" + name + ")"].ms.push_back(
                redraw.paintMs[v]);
        }
    }
};

void runCases(MainWindow& window, const std::string& when, int sliceChanges, int strokes,
              Results& results) {
    static const char* const viewNames[] = {"axial", "coronal", "sagittal"};
    segloop::ui::CaseViewer& viewer = window.viewer();
    RedrawProbe probe({&viewer.sliceWidget(0), &viewer.sliceWidget(1), &viewer.sliceWidget(2)});
    segloop::render::RenderViewWidget& axial = viewer.sliceWidget(0);
    const QPoint centre(axial.width() / 2, axial.height() / 2);

    window.toolPanel().setTool(segloop::ui::EditTool::Navigate);
    for (int n = 0; n < sliceChanges; ++n) {  // up with the arrow key, back down with the wheel
        const bool key = n < sliceChanges / 2;
        results.add("slice change, " + when, probe.measure([&] {
            if (key)
                QTest::keyClick(&axial, Qt::Key_Up);
            else
                sendWheel(axial, -1);
        }),
                    viewNames);
        QTest::qWait(15);
    }

    window.toolPanel().setTool(segloop::ui::EditTool::Brush);
    for (int n = 0; n < strokes; ++n) {
        window.toolPanel().setActiveClass(1 + n % 2);  // every stroke changes voxels
        const QPoint offset(0, (n % 5) * 6 - 12);
        const bool drag = n % 2 == 1;
        QTest::mousePress(&axial, Qt::LeftButton, Qt::NoModifier, centre + offset - QPoint(15, 0));
        if (drag)
            QTest::qWait(20);  // a slow drag: each move's frame is drawn before the next
        for (int dx = -12; dx <= 15; dx += 3) {
            const QPoint to = centre + offset + QPoint(dx, dx / 3);
            if (!drag) {  // a quick stroke: all moves arrive before the release, one frame
                QTest::mouseMove(&axial, to);
                continue;
            }
            results.add("brush drag move, " + when,
                        probe.measure([&] { QTest::mouseMove(&axial, to); }), viewNames);
            QTest::qWait(10);
        }
        const QPoint end = centre + offset + QPoint(15, 5);
        if (drag) {
            QTest::mouseRelease(&axial, Qt::LeftButton, Qt::NoModifier, end);
        } else {
            results.add("brush stroke release, " + when, probe.measure([&] {
                QTest::mouseRelease(&axial, Qt::LeftButton, Qt::NoModifier, end);
            }),
                        viewNames);
        }
        results.rows["GUI stall after a stroke (3D surface rebuild), " + when].ms.push_back(
            longestStallMs(2500));
    }
}

void printTable(const Results& results, const std::vector<std::string>& order) {
    std::printf("| case | n | median ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|\n");
    for (const std::string& prefix : order) {
        for (const auto& [name, samples] : results.rows) {
            if (name.rfind(prefix, 0) != 0)
                continue;
            std::printf("| %s | %zu | %.1f | %.1f | %.1f |\n", name.c_str(), samples.ms.size(),
                        samples.median(), samples.p95(), samples.max());
        }
    }
}

/// Medians of each redraw's milestones: what the event's handling, the wait for the paint, the
/// views' paintGL and Qt's composition and swap took.
void printPhases(const Results& results) {
    static const char* const milestones[] = {"event handled", "first paintGL began",
                                             "first frame presented", "last paintGL ended",
                                             "frame presented"};
    std::printf(
        "\nWhere the time goes (median ms from the event to each milestone):\n\n"
        "| case | event handled | first paintGL began | first frame presented | "
        "last paintGL ended | last frame presented |\n|---|---:|---:|---:|---:|---:|\n");
    for (const auto& [name, samples] : results.rows) {
        if (results.phases.count(name + ": frame presented") == 0)
            continue;
        std::printf("| %s |", name.c_str());
        for (const char* milestone : milestones)
            std::printf(" %.1f |", results.phases.at(name + ": " + milestone).median());
        std::printf("\n");
    }
}

}  // namespace

int main(int argc, char** argv) {
    QSurfaceFormat::setDefaultFormat(segloop::render::RenderViewWidget::requiredSurfaceFormat());
    QApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication application(argc, argv);
    const int sliceChanges = argc > 1 ? std::max(2, std::atoi(argv[1])) : 60;
    // Half quick strokes (timed at the release), half slow drags (timed at each move).
    const int strokes = argc > 2 ? std::max(2, std::atoi(argv[2])) : 48;
    QStandardPaths::setTestModeEnabled(true);  // recent projects stay out of the user's settings

    QTemporaryDir temp;
    const std::string folder = temp.filePath("project").toStdString();
    QElapsedTimer setup;
    setup.start();
    const int64_t bigCase = makeProject(folder, temp.path().toStdString());
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window) ||
        !window.openProject(QString::fromStdString(folder)) || !window.openCase(bigCase)) {
        std::fprintf(stderr, "bench_ui_redraw: cannot open the project: %s\n",
                     qPrintable(window.lastError()));
        return 1;
    }
    QTest::qWait(1000);  // first frames, surface built
    segloop::ui::CaseViewer& viewer = window.viewer();
    viewer.sliceWidget(0).makeCurrent();
    const auto* renderer = viewer.sliceWidget(0).context()->functions()->glGetString(GL_RENDERER);
    const QString glRenderer = renderer
                                   ? QString::fromLatin1(reinterpret_cast<const char*>(renderer))
                                   : QString("unknown");
    viewer.sliceWidget(0).doneCurrent();
    std::printf(
        "Window 1280x800, slice views %dx%d, %dx%d, %dx%d px, OpenGL renderer %s; "
        "project set-up %.1f s.\n\n",
        viewer.sliceWidget(0).width(), viewer.sliceWidget(0).height(),
        viewer.sliceWidget(1).width(), viewer.sliceWidget(1).height(),
        viewer.sliceWidget(2).width(), viewer.sliceWidget(2).height(), qPrintable(glRenderer),
        double(setup.elapsed()) / 1000.0);

    Results results;
    runCases(window, "idle", sliceChanges, strokes, results);

    segloop::ui::TrainingController& training = window.training();
    if (!window.startTraining(smallTraining())) {
        std::fprintf(stderr, "bench_ui_redraw: training refused: %s\n",
                     qPrintable(window.lastError()));
        return 1;
    }
    QElapsedTimer clock;
    clock.start();
    if (!QTest::qWaitFor([&] { return training.stepsReported() >= 3; }, 300000))
        std::fprintf(stderr, "bench_ui_redraw: no training step within 5 minutes\n");
    const int64_t stepsBefore = training.stepsReported();
    const double startS = double(clock.elapsed()) / 1000.0;
    runCases(window, "training", sliceChanges, strokes, results);
    const int64_t steps = training.stepsReported() - stepsBefore;
    const double seconds = double(clock.elapsed()) / 1000.0 - startS;
    const bool stillRunning = training.state() == segloop::ui::TrainingController::State::Running;
    const std::string status = training.monitor().status;
    training.stop();
    training.waitUntilStopped();

    // Predict-and-score (the workflow's use case on its background thread) labels the big case
    // with the model the run just recorded, while the same redraws are measured.
    std::string refusal;
    if (!training.predict(*window.project(), &refusal)) {
        std::fprintf(stderr, "bench_ui_redraw: predict refused: %s\n", refusal.c_str());
        return 1;
    }
    QTest::qWait(2000);  // the model loaded, the sliding window under way
    runCases(window, "predicting", sliceChanges, strokes, results);
    const bool stillPredicting =
        training.state() == segloop::ui::TrainingController::State::Predicting;
    training.stop();
    training.waitUntilStopped();

    printTable(results, {"slice change", "brush stroke", "brush drag", "paintGL", "GUI stall"});
    printPhases(results);
    std::printf(
        "\nTraining (%s, 4 base channels, 16^3 patches, 1 thread) made %lld steps (%.2f "
        "per second) on the worker during the %.0f s of the \"training\" rows (3 steps "
        "after %.1f s).",
        smallTraining().method.c_str(), static_cast<long long>(steps), double(steps) / seconds,
        seconds, startS);
    std::printf(" At the end the run was %s (\"%s\").",
                stillRunning ? "still running" : "NOT running", status.c_str());
    std::printf(" Predict-and-score was %s at the end of the \"predicting\" rows.",
                stillPredicting ? "still running" : "NOT running");
    if (results.incomplete > 0)
        std::printf(" %d redraws did not complete within 5 s and are left out.",
                    results.incomplete);
    std::printf("\n\n");
    const char* targets[] = {"slice change", "brush stroke release", "brush drag move"};
    for (const char* target : targets) {
        for (const char* when : {"idle", "training", "predicting"}) {
            const Samples& samples = results.rows[std::string(target) + ", " + when];
            const bool met = samples.median() < 16.0 && samples.p95() < 33.0;
            std::printf("- %s, %s: target (median < 16 ms, p95 < 33 ms) %s\n", target, when,
                        met ? "met" : "NOT met");
        }
    }
    return 0;
}
