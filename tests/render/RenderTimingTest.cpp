// Time per frame of a 512x512 slice view of a real hippocampus MR image with its labels and
// the HUD and training monitor on (VTK and ImGui, under Xvfb/llvmpipe), and the cost of showing
// one brush stroke (labelsModified + a frame). Recorded as test properties and printed.
#include <functional>

#include <QElapsedTimer>

#include "core/io/NiftiReader.h"
#include "render/RenderTestSupport.h"
#include "render/SliceView.h"
#include "support/TestPaths.h"

namespace segloop::render {
namespace {

struct FrameTimes {
    double paintMs = 0.0;     ///< paintGL alone (VTK + ImGui), mean
    double withReadMs = 0.0;  ///< paint plus reading the frame back, mean
};

FrameTimes timeFrames(RenderViewWidget& view, int frames, const std::function<void()>& change) {
    FrameTimes times;
    QElapsedTimer timer;
    timer.start();
    for (int frame = 0; frame < frames; ++frame) {
        change();
        view.grabFramebuffer();  // paints now and waits for the pixels
        times.paintMs += view.lastFrameMs();
    }
    times.withReadMs = static_cast<double>(timer.nsecsElapsed()) * 1e-6 / frames;
    times.paintMs /= frames;
    return times;
}

TEST(RenderTiming, SliceViewWithOverlaysAt512) {
    const std::string folder = segloop::test::testDataDir() + "/hippocampus/";
    const Volume image = readNiftiVolume(folder + "imagesTr/hippocampus_003.nii.gz");
    LabelMap labels = readNiftiLabelMap(folder + "labelsTr/hippocampus_003.nii.gz");
    auto view = test::makeShownView(512, 512);
    SliceView slice(*view, SliceOrientation::Axial);
    slice.setVolume(&image);
    slice.setWindowLevel(percentileWindowLevel(image, 0.5, 99.5));
    slice.setLabelMap(&labels);
    slice.setCrosshairVisible(true);
    HudContent hud;
    hud.visible = true;
    hud.activeClassName = "anterior";
    view->overlayPanels().setHud(hud);
    TrainingMonitorContent monitor;
    monitor.visible = true;
    for (int step = 0; step < 500; ++step)
        monitor.loss.push_back(1.0f / (1.0f + step));
    view->overlayPanels().setTrainingMonitor(monitor);
    test::grab(*view);  // warm up: textures, shaders, fonts

    int sliceIndex = 0;
    const FrameTimes scrolling =
        timeFrames(*view, 60, [&] { slice.setSliceIndex(sliceIndex++ % slice.sliceCount()); });
    const int64_t k = slice.sliceIndex();
    int64_t stroke = 0;
    const FrameTimes strokes = timeFrames(*view, 60, [&] {
        const int64_t i = stroke++ % labels.geometry.size[0];
        for (int64_t j = 0; j < labels.geometry.size[1]; ++j)
            labels.at(i, j, k) = 1;
        slice.labelsModified();
    });
    std::printf(
        "slice view 512x512 (%s) with labels, crosshair, HUD and training monitor:\n"
        "  scrolling: %.2f ms paintGL, %.2f ms with read-back per frame\n"
        "  a label edit every frame: %.2f ms paintGL, %.2f ms with read-back\n",
        image.geometry.describe().c_str(), scrolling.paintMs, scrolling.withReadMs, strokes.paintMs,
        strokes.withReadMs);
    ::testing::Test::RecordProperty("paint_ms_scrolling", std::to_string(scrolling.paintMs));
    ::testing::Test::RecordProperty("paint_ms_label_edit", std::to_string(strokes.paintMs));
    EXPECT_GT(scrolling.paintMs, 0.0);
    EXPECT_LT(scrolling.withReadMs, 200.0);  // a sanity bound, not a benchmark target
    EXPECT_LT(strokes.withReadMs, 200.0);
}

}  // namespace
}  // namespace segloop::render
