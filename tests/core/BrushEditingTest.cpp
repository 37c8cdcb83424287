// Brush and eraser strokes: disc and sphere sizes against the analytic area and volume on
// anisotropic grids, the swept shape of a fast drag against a brute-force capsule, the
// eraser, "draw over" rules, and clipping at the volume's border.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "core/editing/BrushStroke.h"

namespace segloop {
namespace {

constexpr double kPi = 3.14159265358979323846;

LabelMap makeLabels(std::array<int64_t, 3> size, Vec3 spacingMm) {
    ImageGeometry geometry;
    geometry.size = size;
    geometry.spacingMm = spacingMm;
    return LabelMap(geometry);
}

size_t countClass(const LabelMap& labels, uint16_t label) {
    return static_cast<size_t>(std::count(labels.labels.begin(), labels.labels.end(), label));
}

BrushSettings sphereBrush(double radiusMm, uint16_t label = 1) {
    BrushSettings brush;
    brush.dimension = EditDimension::Volume3D;
    brush.radiusMm = radiusMm;
    brush.activeClass = label;
    return brush;
}

BrushSettings discBrush(SlicePlane plane, double radiusMm, uint16_t label = 1) {
    BrushSettings brush;
    brush.dimension = EditDimension::Slice2D;
    brush.plane = plane;
    brush.radiusMm = radiusMm;
    brush.activeClass = label;
    return brush;
}

void paint(LabelMap& labels, const BrushSettings& brush, const std::vector<Vec3>& points) {
    BrushStroke stroke(labels, brush);
    for (const Vec3& point : points) {
        stroke.addPoint(point);
    }
    stroke.finish();
}

/// Distance (mm) from voxel (i, j, k) to the segment a-b (voxel coordinates).
double distanceToSegmentMm(const ImageGeometry& geometry, int64_t i, int64_t j, int64_t k,
                           const Vec3& a, const Vec3& b) {
    const Vec3 voxel{static_cast<double>(i), static_cast<double>(j), static_cast<double>(k)};
    double best = std::numeric_limits<double>::max();
    for (int sample = 0; sample <= 4000; ++sample) {  // dense sampling: an independent oracle
        const double t = sample / 4000.0;
        double squared = 0.0;
        for (int axis = 0; axis < 3; ++axis) {
            const double d =
                (voxel[axis] - (a[axis] + t * (b[axis] - a[axis]))) * geometry.spacingMm[axis];
            squared += d * d;
        }
        best = std::min(best, squared);
    }
    return std::sqrt(best);
}

TEST(BrushEditingTest, SphereVoxelCountMatchesEllipsoidVolumeOnAnisotropicGrid) {
    const Vec3 spacing{0.7, 0.9, 1.6};
    for (double radiusMm : {5.0, 8.0, 12.0}) {
        LabelMap labels = makeLabels({80, 80, 40}, spacing);
        paint(labels, sphereBrush(radiusMm), {{40.0, 40.0, 20.0}});
        const double expected =
            4.0 / 3.0 * kPi * std::pow(radiusMm, 3) / (spacing[0] * spacing[1] * spacing[2]);
        EXPECT_NEAR(static_cast<double>(countClass(labels, 1)), expected, 0.04 * expected)
            << "radius " << radiusMm << " mm";
        // The sphere reaches floor(r / spacing) voxels along each axis, no further.
        for (int axis = 0; axis < 3; ++axis) {
            std::array<int64_t, 3> index{40, 40, 20};
            const int64_t reach = static_cast<int64_t>(std::floor(radiusMm / spacing[axis]));
            index[axis] += reach;
            EXPECT_EQ(labels.at(index[0], index[1], index[2]), 1) << "axis " << axis;
            index[axis] += 1;
            EXPECT_EQ(labels.at(index[0], index[1], index[2]), 0) << "axis " << axis;
        }
    }
}

TEST(BrushEditingTest, DiscVoxelCountMatchesEllipseAreaInEachPlane) {
    const Vec3 spacing{0.6, 0.8, 2.5};
    const double radiusMm = 10.0;
    struct Case {
        SlicePlane plane;
        int fixedAxis;
    };
    for (const Case& c : {Case{SlicePlane::Axial, 2}, Case{SlicePlane::Coronal, 1},
                          Case{SlicePlane::Sagittal, 0}}) {
        LabelMap labels = makeLabels({60, 60, 30}, spacing);
        paint(labels, discBrush(c.plane, radiusMm), {{30.0, 30.0, 15.0}});
        double inPlaneArea = 1.0;
        for (int axis = 0; axis < 3; ++axis) {
            if (axis != c.fixedAxis) {
                inPlaneArea *= spacing[axis];
            }
        }
        const double expected = kPi * radiusMm * radiusMm / inPlaneArea;
        EXPECT_NEAR(static_cast<double>(countClass(labels, 1)), expected, 0.04 * expected)
            << "fixed axis " << c.fixedAxis;
        // Everything painted lies in the slice of the point.
        for (int64_t k = 0; k < 30; ++k) {
            for (int64_t j = 0; j < 60; ++j) {
                for (int64_t i = 0; i < 60; ++i) {
                    const std::array<int64_t, 3> index{i, j, k};
                    if (labels.at(i, j, k) != 0) {
                        ASSERT_EQ(index[c.fixedAxis], c.fixedAxis == 2 ? 15 : 30);
                    }
                }
            }
        }
    }
}

TEST(BrushEditingTest, FastDragPaintsTheWholeSweptShapeAndNothingBeyond) {
    LabelMap labels = makeLabels({50, 40, 24}, {0.8, 1.1, 1.7});
    const Vec3 a{3.2, 4.7, 2.1};
    const Vec3 b{46.0, 33.4, 21.0};
    const double radiusMm = 2.5;
    paint(labels, sphereBrush(radiusMm), {a, b});
    for (int64_t k = 0; k < 24; ++k) {
        for (int64_t j = 0; j < 40; ++j) {
            for (int64_t i = 0; i < 50; ++i) {
                const double distance = distanceToSegmentMm(labels.geometry, i, j, k, a, b);
                if (distance <= radiusMm - 0.01) {
                    ASSERT_EQ(labels.at(i, j, k), 1) << i << "," << j << "," << k;
                } else if (distance > radiusMm + 0.01) {
                    ASSERT_EQ(labels.at(i, j, k), 0) << i << "," << j << "," << k;
                }
            }
        }
    }
}

TEST(BrushEditingTest, ThinBrushStrokeBetweenFarPointsLeavesNoGap) {
    LabelMap labels = makeLabels({120, 90, 3}, {1.0, 1.0, 1.0});
    // Radius far below a voxel: only the centre line is painted, and it must stay connected.
    paint(labels, discBrush(SlicePlane::Axial, 0.05), {{2.0, 3.0, 1.0}, {117.0, 80.0, 1.0}});
    ASSERT_EQ(labels.at(2, 3, 1), 1);
    ASSERT_EQ(labels.at(117, 80, 1), 1);
    // Walk from the start through 8-connected painted voxels; the end must be reached.
    std::vector<uint8_t> seen(labels.labels.size(), 0);
    std::vector<std::array<int64_t, 2>> pending{{2, 3}};
    seen[labels.geometry.linearIndex(2, 3, 1)] = 1;
    while (!pending.empty()) {
        const auto [i, j] = pending.back();
        pending.pop_back();
        for (int64_t dj = -1; dj <= 1; ++dj) {
            for (int64_t di = -1; di <= 1; ++di) {
                if (!labels.geometry.contains(i + di, j + dj, 1)) {
                    continue;
                }
                const size_t index = labels.geometry.linearIndex(i + di, j + dj, 1);
                if (labels.labels[index] == 1 && !seen[index]) {
                    seen[index] = 1;
                    pending.push_back({i + di, j + dj});
                }
            }
        }
    }
    EXPECT_TRUE(seen[labels.geometry.linearIndex(117, 80, 1)]);
    EXPECT_EQ(countClass(labels, 1), 116u);  // one voxel per column of the longer axis
}

TEST(BrushEditingTest, DiscStrokeStaysInTheSliceOfItsFirstPoint) {
    LabelMap labels = makeLabels({40, 40, 10}, {1.0, 1.0, 1.0});
    paint(labels, discBrush(SlicePlane::Axial, 3.0), {{10.0, 10.0, 4.2}, {30.0, 30.0, 8.0}});
    size_t inSlice = 0;
    for (int64_t j = 0; j < 40; ++j) {
        for (int64_t i = 0; i < 40; ++i) {
            inSlice += labels.at(i, j, 4) == 1 ? 1 : 0;
        }
    }
    EXPECT_GT(inSlice, 0u);
    EXPECT_EQ(countClass(labels, 1), inSlice);
}

TEST(BrushEditingTest, EraserClearsOnlyWhereItPasses) {
    LabelMap labels = makeLabels({40, 40, 40}, {1.0, 1.0, 1.0});
    paint(labels, sphereBrush(10.0, 3), {{20.0, 20.0, 20.0}});
    const size_t before = countClass(labels, 3);
    LabelMap smallSphere = makeLabels({40, 40, 40}, {1.0, 1.0, 1.0});
    paint(smallSphere, sphereBrush(4.0), {{20.0, 20.0, 20.0}});

    BrushSettings eraser = sphereBrush(4.0, 3);
    eraser.erase = true;
    paint(labels, eraser, {{20.0, 20.0, 20.0}});
    EXPECT_EQ(countClass(labels, 3), before - countClass(smallSphere, 1));
    EXPECT_EQ(labels.at(20, 20, 20), 0);
    EXPECT_EQ(labels.at(20, 20, 27), 3);
}

TEST(BrushEditingTest, DrawOverRulesProtectOtherClasses) {
    LabelMap base = makeLabels({30, 30, 30}, {1.0, 1.0, 1.0});
    for (int64_t i = 15; i < 30; ++i) {  // class 2 fills the half i >= 15
        for (int64_t j = 0; j < 30; ++j) {
            for (int64_t k = 0; k < 30; ++k) {
                base.at(i, j, k) = 2;
            }
        }
    }
    const size_t classTwo = countClass(base, 2);

    LabelMap backgroundOnly = base;
    BrushSettings brush = sphereBrush(6.0, 1);
    brush.drawOver = DrawOver::backgroundOnly();
    paint(backgroundOnly, brush, {{15.0, 15.0, 15.0}});
    EXPECT_EQ(countClass(backgroundOnly, 2), classTwo);
    EXPECT_GT(countClass(backgroundOnly, 1), 0u);
    EXPECT_EQ(backgroundOnly.at(15, 15, 15), 2);
    EXPECT_EQ(backgroundOnly.at(14, 15, 15), 1);

    LabelMap overAll = base;
    brush.drawOver = DrawOver::anyLabel();
    paint(overAll, brush, {{15.0, 15.0, 15.0}});
    EXPECT_EQ(overAll.at(15, 15, 15), 1);
    EXPECT_LT(countClass(overAll, 2), classTwo);

    LabelMap eraseOnlyTwo = overAll;
    paint(eraseOnlyTwo, sphereBrush(3.0, 1), {{5.0, 5.0, 5.0}});  // some class 1 elsewhere
    const size_t classOneBefore = countClass(eraseOnlyTwo, 1);
    BrushSettings eraser = sphereBrush(30.0, 0);  // covers the whole 30^3 volume
    eraser.erase = true;
    eraser.drawOver = DrawOver::onlyOverClass(2);
    paint(eraseOnlyTwo, eraser, {{15.0, 15.0, 15.0}});
    EXPECT_EQ(countClass(eraseOnlyTwo, 2), 0u);
    EXPECT_EQ(countClass(eraseOnlyTwo, 1), classOneBefore);
    EXPECT_EQ(eraseOnlyTwo.at(5, 5, 5), 1);
    EXPECT_EQ(eraseOnlyTwo.at(15, 15, 15), 1);
}

TEST(BrushEditingTest, PointsOutsideTheVolumeAreClipped) {
    const Vec3 spacing{1.0, 1.0, 1.0};
    // A sphere centred two voxels outside paints only its cap inside.
    LabelMap cap = makeLabels({20, 20, 20}, spacing);
    BrushStroke capStroke(cap, sphereBrush(4.0));
    const VoxelBox changed = capStroke.addPoint({-2.0, 10.0, 10.0});
    size_t expectedCap = 0;
    for (int64_t k = 0; k < 20; ++k) {
        for (int64_t j = 0; j < 20; ++j) {
            for (int64_t i = 0; i < 20; ++i) {
                const double d2 =
                    (i + 2.0) * (i + 2.0) + (j - 10.0) * (j - 10.0) + (k - 10.0) * (k - 10.0);
                expectedCap += d2 <= 16.0 ? 1 : 0;
            }
        }
    }
    EXPECT_EQ(countClass(cap, 1), expectedCap);
    EXPECT_EQ(changed.min[0], 0);
    EXPECT_EQ(changed.max[0], 2);

    // A stroke from far outside to far outside crosses the volume without a gap or a hang.
    LabelMap crossing = makeLabels({20, 20, 20}, spacing);
    paint(crossing, sphereBrush(0.1), {{-1e12, 10.0, 10.0}, {1e12, 10.0, 10.0}});
    EXPECT_EQ(countClass(crossing, 1), 20u);

    // Wholly outside, a 2D stroke in a slice outside the volume, and non-finite points: nothing.
    LabelMap untouched = makeLabels({20, 20, 20}, spacing);
    paint(untouched, sphereBrush(3.0), {{-30.0, -30.0, -30.0}, {-30.0, 50.0, -30.0}});
    paint(untouched, discBrush(SlicePlane::Axial, 3.0), {{10.0, 10.0, 25.0}, {5.0, 5.0, 5.0}});
    paint(untouched, sphereBrush(3.0), {{std::nan(""), 5.0, 5.0}});
    EXPECT_EQ(countClass(untouched, 1), 0u);
}

TEST(BrushEditingTest, ChangedBoxesCoverExactlyThePaintedVoxels) {
    LabelMap labels = makeLabels({40, 30, 20}, {0.9, 0.9, 2.0});
    BrushStroke stroke(labels, sphereBrush(3.0));
    VoxelBox expected;
    VoxelBox first = stroke.addPoint({10.0, 10.0, 10.0});
    VoxelBox second = stroke.addPoint({25.0, 12.0, 11.0});
    for (int64_t k = 0; k < 20; ++k) {
        for (int64_t j = 0; j < 30; ++j) {
            for (int64_t i = 0; i < 40; ++i) {
                if (labels.at(i, j, k) == 1) {
                    expected.include(i, j, k);
                }
            }
        }
    }
    VoxelBox both = first;
    both.include(second);
    EXPECT_EQ(both, expected);
    EXPECT_EQ(stroke.region(), expected);
    const LabelDiff diff = stroke.finish();
    EXPECT_EQ(diff.region(), expected);
    EXPECT_EQ(diff.voxelCount(), countClass(labels, 1));
}

}  // namespace
}  // namespace segloop
