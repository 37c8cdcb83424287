// Label editing speed on a CT-sized grid (512x512x300, 0.7x0.7x1.0 mm): a 3D sphere brush
// stroke of radius 5 mm through 20 points, 3D flood fills (a body-sized region and the whole
// volume), and their undo. Prints the median of several runs; asserts nothing.
//
//   bench_editing [repeats]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <vector>

#include "core/editing/EditSession.h"

namespace {

using segloop::EditSession;
using Clock = std::chrono::steady_clock;

double medianMs(int repeats, const std::function<void()>& work,
                const std::function<void()>& reset) {
    std::vector<double> times;
    for (int run = 0; run < repeats; ++run) {
        const auto start = Clock::now();
        work();
        times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        reset();
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

/// Air (-1000) around an elliptic-cylinder "body" of soft tissue (40 +- 15 HU noise).
segloop::Volume ctLikeVolume() {
    segloop::ImageGeometry geometry;
    geometry.size = {512, 512, 300};
    geometry.spacingMm = {0.7, 0.7, 1.0};
    segloop::Volume image(geometry);
    std::mt19937 random(7);
    std::uniform_real_distribution<float> noise(-15.0f, 15.0f);
    for (int64_t k = 0; k < 300; ++k) {
        for (int64_t j = 0; j < 512; ++j) {
            for (int64_t i = 0; i < 512; ++i) {
                const double x = (i - 256.0) / 230.0;
                const double y = (j - 256.0) / 170.0;
                image.at(i, j, k) = x * x + y * y <= 1.0 ? 40.0f + noise(random) : -1000.0f;
            }
        }
    }
    return image;
}

}  // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const segloop::Volume image = ctLikeVolume();
    EditSession session(segloop::LabelMap(image.geometry), image);

    segloop::BrushSettings sphere;
    sphere.dimension = segloop::EditDimension::Volume3D;
    sphere.radiusMm = 5.0;
    sphere.activeClass = 1;
    const auto stroke = [&] {
        session.beginStroke(sphere, {200.0, 200.0, 150.0});
        for (int point = 1; point < 20; ++point) {  // a drag of ~4 voxels between events
            session.addStrokePoint({200.0 + 4.0 * point, 200.0 + 2.0 * point, 150.0 + 0.5 * point});
        }
        session.endStroke();
    };
    const auto undo = [&] { session.undo(); };
    const double strokeMs = medianMs(repeats, stroke, undo);
    stroke();
    const size_t strokeBytes = session.history().memoryBytes();
    const double strokeUndoMs = medianMs(repeats, undo, [&] { session.redo(); });
    session.undo();
    std::printf("3D sphere stroke, r = 5 mm, 20 points: %.2f ms (undo %.3f ms, diff %zu bytes)\n",
                strokeMs, strokeUndoMs, strokeBytes);

    segloop::FloodFillSettings body;
    body.dimension = segloop::EditDimension::Volume3D;
    body.lowIntensity = -100.0;
    body.highIntensity = 200.0;
    body.fillClass = 2;
    const auto fillBody = [&] { session.floodFill(body, {256, 256, 150}); };
    const double bodyMs = medianMs(repeats, fillBody, undo);
    fillBody();
    const size_t bodyBytes = session.history().memoryBytes();
    const size_t bodyVoxels = static_cast<size_t>(
        std::count(session.labels().labels.begin(), session.labels().labels.end(), 2));
    const double bodyUndoMs = medianMs(repeats, undo, [&] { session.redo(); });
    session.undo();
    std::printf("3D flood fill of the body, %zu voxels: %.0f ms (undo %.1f ms, diff %zu bytes)\n",
                bodyVoxels, bodyMs, bodyUndoMs, bodyBytes);

    segloop::FloodFillSettings everything = body;
    everything.lowIntensity = -2000.0;
    const auto fillAll = [&] { session.floodFill(everything, {0, 0, 0}); };
    const double allMs = medianMs(repeats, fillAll, undo);
    std::printf("3D flood fill of all %zu voxels: %.0f ms\n", image.geometry.voxelCount(), allMs);
    return 0;
}
