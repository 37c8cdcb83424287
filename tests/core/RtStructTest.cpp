// Rasterising RT Structure Sets: the dicompyler-core sample on its CT slice against an
// independent per-voxel crossing test on the raw points, holes (even-odd), overlaps, slice
// placement on an oblique grid, and the errors (off-slice contour, frame of reference).
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "RtStructTestSupport.h"
#include "core/Error.h"
#include "core/io/RtStructRasteriser.h"
#include "core/io/RtStructReader.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using rtstruct_test::Ring;

std::string errorOf(const std::function<void()>& run) {
    try {
        run();
    } catch (const Error& error) {
        return error.what();
    }
    return {};
}

/// A square contour (corners given in continuous voxel indices) on slice k, in world mm.
RtStructContour square(const ImageGeometry& grid, double from, double to, double k,
                       double normalShiftMm = 0.0) {
    RtStructContour contour;
    contour.geometricType = "CLOSED_PLANAR";
    const double corners[4][2] = {{from, from}, {to, from}, {to, to}, {from, to}};
    for (const auto& corner : corners) {
        Vec3 point = grid.indexToWorld({corner[0], corner[1], k});
        for (int axis = 0; axis < 3; ++axis) {
            point[axis] += normalShiftMm * grid.direction[axis * 3 + 2];
        }
        contour.pointsMm.push_back(point);
    }
    return contour;
}

RtStructSet setWith(std::vector<RtStructRoi> rois) {
    RtStructSet set;
    set.path = "synthetic.dcm";
    set.frameOfReferenceUid = "2.25.4711000003";
    for (size_t n = 0; n < rois.size(); ++n) {
        rois[n].number = static_cast<int>(n + 1);
    }
    set.rois = std::move(rois);
    return set;
}

size_t countOf(const LabelMap& labels, uint16_t label) {
    return static_cast<size_t>(std::count(labels.labels.begin(), labels.labels.end(), label));
}

TEST(RtStruct, SampleOnItsCtSliceMatchesAPointInPolygonTest) {
    SEGLOOP_REQUIRE_RTSTRUCT_DATA();
    const RtStructSet set = readRtStruct(rtstruct_test::rtstructDataDir() + "/rtss.dcm");
    const DicomSourceSeries ct = rtstruct_test::sourceSeriesOf(
        rtstruct_test::loadOnlySeries(rtstruct_test::rtstructDataDir()));
    ASSERT_EQ(ct.geometry.size, (std::array<int64_t, 3>{512, 512, 1}));

    RtStructRasterOptions options;
    options.offSlice = RtStructOffSliceContours::Report;
    const RtStructRaster raster = rasteriseRtStruct(set, ct, options);
    ASSERT_EQ(raster.classes.size(), 10u);
    EXPECT_EQ(raster.classes[0].name, "BODY");
    EXPECT_EQ(raster.classes[9].name, "Tumor Bed Block");
    EXPECT_EQ(raster.classes[4].rgb, (std::array<uint8_t, 3>{255, 128, 0}));
    EXPECT_EQ(raster.roiNumbers[9], 10);
    // 441 contours, 4 of them (all BODY) on the CT's plane at z = 168.56 mm.
    EXPECT_EQ(raster.skipped.size(), 437u);
    for (const RtStructSkippedContour& skipped : raster.skipped) {
        EXPECT_NE(skipped.reason.find("lies on no slice of the target"), std::string::npos);
    }

    // Reference: for each ROI, every voxel centre (world x, y on this axial slice) against the
    // raw contour points of that ROI within 1.5 mm of the slice, by the crossing test.
    const double sliceZ = ct.slices[0].positionMm[2];
    for (size_t roi = 0; roi < set.rois.size(); ++roi) {
        std::vector<Ring> rings;
        for (const RtStructContour& contour : set.rois[roi].contours) {
            if (std::abs(contour.pointsMm[0][2] - sliceZ) <= 1.5) {
                Ring ring;
                for (const Vec3& point : contour.pointsMm) {
                    ring.push_back({point[0], point[1]});
                }
                rings.push_back(ring);
            }
        }
        size_t expected = 0, ambiguous = 0, disagreements = 0;
        for (int64_t j = 0; j < 512; ++j) {
            for (int64_t i = 0; i < 512; ++i) {
                const Vec3 centre = ct.geometry.indexToWorld({double(i), double(j), 0.0});
                const bool inside =
                    !rings.empty() && rtstruct_test::insideEvenOdd(rings, {centre[0], centre[1]});
                expected += inside ? 1 : 0;
                const bool ours = raster.labels.at(i, j, 0) == roi + 1;
                if (ours != inside) {
                    // Only a centre within rounding distance of an edge may fall either way.
                    if (rtstruct_test::distanceToRings(rings, {centre[0], centre[1]}) < 1e-6) {
                        ++ambiguous;
                    } else {
                        ++disagreements;
                    }
                }
            }
        }
        SCOPED_TRACE(set.rois[roi].name);
        EXPECT_EQ(disagreements, 0u);
        EXPECT_EQ(ambiguous, 0u);
        EXPECT_EQ(countOf(raster.labels, static_cast<uint16_t>(roi + 1)), expected);
        if (roi == 0) {
            // Polygon areas 34132.9 + 12504.1 + 0.2 + 0.9 mm2 over 1.074219^2 mm2 voxels.
            EXPECT_NEAR(double(expected), 40418.0, 200.0);
        } else {
            EXPECT_EQ(expected, 0u);
        }
    }

    // The binary mask of BODY is the same region.
    const RtStructRoiMask body = rasteriseRtStructRoi(set, 0, ct, options);
    EXPECT_EQ(countOf(body.mask, 1), countOf(raster.labels, 1));
    EXPECT_EQ(body.skipped.size(), 137u);
}

TEST(RtStruct, AContourOnNoSliceIsAnErrorNamingTheFileAndContour) {
    SEGLOOP_REQUIRE_RTSTRUCT_DATA();
    const std::string path = rtstruct_test::rtstructDataDir() + "/rtss.dcm";
    const RtStructSet set = readRtStruct(path);
    const DicomSourceSeries ct = rtstruct_test::sourceSeriesOf(
        rtstruct_test::loadOnlySeries(rtstruct_test::rtstructDataDir()));
    const std::string message = errorOf([&] { rasteriseRtStruct(set, ct); });
    EXPECT_EQ(message.rfind(path + ": ROI 1 \"BODY\", contour ", 0), 0u) << message;
    EXPECT_NE(message.find("lies on no slice of the target: it is at"), std::string::npos)
        << message;
    EXPECT_NE(message.find("slice 0 at 168.559 mm"), std::string::npos) << message;
}

TEST(RtStruct, NestedContoursAreHolesAndIslandsByTheEvenOddRule) {
    ImageGeometry grid;
    grid.size = {24, 24, 1};
    RtStructRoi roi;
    roi.name = "ring with island";
    roi.contours = {square(grid, 1.5, 20.5, 0), square(grid, 5.5, 16.5, 0),
                    square(grid, 9.5, 12.5, 0)};
    const RtStructSet set = setWith({roi});
    const RtStructRaster raster = rasteriseRtStruct(set, rtstruct_test::syntheticSource(grid));
    EXPECT_EQ(countOf(raster.labels, 1), 19u * 19u - 11u * 11u + 3u * 3u);
    EXPECT_EQ(raster.labels.at(3, 3, 0), 1);    // in the ring
    EXPECT_EQ(raster.labels.at(7, 7, 0), 0);    // in the hole
    EXPECT_EQ(raster.labels.at(11, 11, 0), 1);  // on the island
    EXPECT_EQ(raster.labels.at(0, 0, 0), 0);
}

TEST(RtStruct, OverlappingRoisLaterWinsWhileMasksStayWhole) {
    const ImageGeometry grid = rtstruct_test::obliqueGrid(30, 30, 3);
    RtStructRoi first, second;
    first.name = "first";
    first.contours = {square(grid, 2.5, 14.5, 1)};  // 12 x 12 voxels
    second.name = "second";
    second.contours = {square(grid, 10.5, 20.5, 1)};  // 10 x 10, 4 x 4 shared
    const RtStructSet set = setWith({first, second});
    const DicomSourceSeries source = rtstruct_test::syntheticSource(grid);
    const RtStructRaster raster = rasteriseRtStruct(set, source);
    EXPECT_EQ(countOf(raster.labels, 1), 144u - 16u);
    EXPECT_EQ(countOf(raster.labels, 2), 100u);
    EXPECT_EQ(raster.labels.at(12, 12, 1), 2);
    EXPECT_EQ(countOf(rasteriseRtStructRoi(set, 0, source).mask, 1), 144u);
    EXPECT_EQ(countOf(rasteriseRtStructRoi(set, 1, source).mask, 1), 100u);
}

TEST(RtStruct, ContoursGoToTheNearestSliceOfAnObliqueGrid) {
    const ImageGeometry grid = rtstruct_test::obliqueGrid(20, 20, 5);  // 2.5 mm apart
    const DicomSourceSeries source = rtstruct_test::syntheticSource(grid);
    RtStructRoi roi;
    roi.contours = {square(grid, 1.5, 4.5, 3, 1.2), square(grid, 1.5, 5.5, 3, 1.3)};
    const RtStructRaster raster = rasteriseRtStruct(setWith({roi}), source);
    EXPECT_EQ(raster.labels.at(2, 2, 3), 1);  // 1.2 mm off slice 3: on slice 3
    EXPECT_EQ(raster.labels.at(5, 5, 4), 1);  // 1.3 mm off slice 3 is 1.2 mm off slice 4
    EXPECT_EQ(countOf(raster.labels, 1), 9u + 16u);

    RtStructRoi beyond;
    beyond.name = "beyond";
    beyond.contours = {square(grid, 1.5, 4.5, 4, 1.3)};
    EXPECT_NE(errorOf([&] {
                  rasteriseRtStruct(setWith({beyond}), source);
              }).find("synthetic.dcm: ROI 1 \"beyond\", contour 1 lies on no slice"),
              std::string::npos);

    RtStructRoi tilted;
    tilted.name = "tilted";
    tilted.contours = {square(grid, 1.5, 4.5, 2)};
    tilted.contours[0].pointsMm[2] = grid.indexToWorld({4.5, 4.5, 3.5});
    EXPECT_NE(errorOf([&] {
                  rasteriseRtStruct(setWith({tilted}), source);
              }).find("contour 1 is not in one slice plane: its points span"),
              std::string::npos);

    RtStructRoi marker;
    marker.contours = {square(grid, 1.5, 4.5, 2)};
    marker.contours[0].geometricType = "POINT";
    marker.contours[0].pointsMm.resize(1);
    const RtStructRaster markers = rasteriseRtStruct(setWith({roi, marker}), source);
    ASSERT_EQ(markers.skipped.size(), 1u);
    EXPECT_EQ(markers.skipped[0].roiIndex, 1u);
    EXPECT_EQ(markers.skipped[0].reason, "is POINT: only CLOSED_PLANAR contours are rasterised");
}

TEST(RtStruct, FrameOfReferenceMustBeTheTargets) {
    ImageGeometry grid;
    grid.size = {10, 10, 1};
    RtStructRoi roi;
    roi.name = "Liver";
    roi.contours = {square(grid, 1.5, 4.5, 0)};
    const RtStructSet set = setWith({roi});
    DicomSourceSeries target = rtstruct_test::syntheticSource(grid);
    target.frameOfReferenceUid = "1.2.3.4";
    EXPECT_EQ(errorOf([&] { rasteriseRtStruct(set, target); }),
              "synthetic.dcm: ROI 1 \"Liver\" is in frame of reference 2.25.4711000003 but the "
              "target series is in frame of reference 1.2.3.4");
    target.frameOfReferenceUid.clear();  // unknown: nothing to compare
    EXPECT_EQ(countOf(rasteriseRtStruct(set, target).labels, 1), 9u);
}

}  // namespace
}  // namespace segloop
