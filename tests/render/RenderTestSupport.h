#pragma once

// Helpers of the render tests: a shown RenderViewWidget (real GL under Xvfb), screenshots and
// colour checks. No mocks: every check reads pixels that VTK and ImGui really drew.
#include <cmath>
#include <cstdlib>
#include <memory>

#include <QColor>
#include <QImage>
#include <QTest>

#include <gtest/gtest.h>

#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "ui/viewer/RenderViewWidget.h"

namespace segloop::render::test {

inline std::unique_ptr<RenderViewWidget> makeShownView(int width = 320, int height = 240) {
    auto view = std::make_unique<RenderViewWidget>();
    view->resize(width, height);
    view->show();
    EXPECT_TRUE(QTest::qWaitForWindowExposed(view.get()));
    return view;
}

/// A screenshot of what paintGL draws now (device pixels).
inline QImage grab(RenderViewWidget& view) {
    return view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
}

/// Saves a screenshot as $SEGLOOP_RENDER_SCREENSHOTS/<name>.png when that variable is set.
inline void saveScreenshotIfAsked(const QImage& image, const char* name) {
    const char* folder = std::getenv("SEGLOOP_RENDER_SCREENSHOTS");
    if (folder != nullptr)
        image.save(QString(folder) + "/" + name + ".png");
}

inline bool near(QRgb pixel, int red, int green, int blue, int tolerance = 3) {
    return std::abs(qRed(pixel) - red) <= tolerance &&
           std::abs(qGreen(pixel) - green) <= tolerance &&
           std::abs(qBlue(pixel) - blue) <= tolerance;
}

inline int countPixels(const QImage& image, int red, int green, int blue, int tolerance = 3) {
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (near(image.pixel(x, y), red, green, blue, tolerance))
                ++count;
        }
    }
    return count;
}

/// Pixels that differ between two screenshots of the same size, within `rect`.
inline int countChangedPixels(const QImage& before, const QImage& after, const QRect& rect) {
    int count = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            if (before.pixel(x, y) != after.pixel(x, y))
                ++count;
        }
    }
    return count;
}

/// Centroid (pixel centres) of the pixels near a colour; (-1, -1) when there are none.
inline QPointF centroidOf(const QImage& image, int red, int green, int blue, int tolerance = 3) {
    double sumX = 0.0;
    double sumY = 0.0;
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (!near(image.pixel(x, y), red, green, blue, tolerance))
                continue;
            sumX += x + 0.5;
            sumY += y + 0.5;
            ++count;
        }
    }
    return count == 0 ? QPointF(-1.0, -1.0) : QPointF(sumX / count, sumY / count);
}

/// A 40x30x10 grid, spacing 1 x 1.5 x 2 mm, origin (10, 20, 30) mm, identity direction.
inline ImageGeometry syntheticGeometry() {
    ImageGeometry geometry;
    geometry.size = {40, 30, 10};
    geometry.spacingMm = {1.0, 1.5, 2.0};
    geometry.originMm = {10.0, 20.0, 30.0};
    return geometry;
}

/// Every voxel has the same value.
inline Volume constantVolume(const ImageGeometry& geometry, float value) {
    Volume volume(geometry);
    for (float& voxel : volume.voxels)
        voxel = value;
    return volume;
}

/// Value = i + 100 j + 10000 k: every voxel tells its own index.
inline Volume indexCodedVolume(const ImageGeometry& geometry) {
    Volume volume(geometry);
    for (int64_t k = 0; k < geometry.size[2]; ++k) {
        for (int64_t j = 0; j < geometry.size[1]; ++j) {
            for (int64_t i = 0; i < geometry.size[0]; ++i) {
                volume.at(i, j, k) = static_cast<float>(i + 100 * j + 10000 * k);
            }
        }
    }
    return volume;
}

/// Class 1 in the box i 5..14, j 5..14; class 2 in i 22..31, j 16..25; on every slice.
inline LabelMap twoBoxLabels(const ImageGeometry& geometry) {
    LabelMap labels(geometry);
    for (int64_t k = 0; k < geometry.size[2]; ++k) {
        for (int64_t j = 5; j <= 14; ++j) {
            for (int64_t i = 5; i <= 14; ++i)
                labels.at(i, j, k) = 1;
        }
        for (int64_t j = 16; j <= 25; ++j) {
            for (int64_t i = 22; i <= 31; ++i)
                labels.at(i, j, k) = 2;
        }
    }
    return labels;
}

}  // namespace segloop::render::test
