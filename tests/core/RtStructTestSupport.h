// Shared by the RtStruct*Test binaries: source series (loaded with the project's DICOM loader
// or made up), an independent point-in-polygon rasteriser, and the outside checkers (dciodvfy,
// pydicom).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/image/ImageGeometry.h"
#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"
#include "core/io/DicomSourceSeries.h"
#include "support/TestPaths.h"

namespace segloop::rtstruct_test {

/// ../shared/data/rtstruct: ct.0.dcm, rtss.dcm, rtplan.dcm (dicompyler-core test data).
inline std::string rtstructDataDir() {
    return test::sharedDataDir() + "/rtstruct";
}

/// Skips the current test, with a message, when ../shared/data/rtstruct is absent.
#define SEGLOOP_REQUIRE_RTSTRUCT_DATA()                                                     \
    do {                                                                                    \
        if (!std::filesystem::is_regular_file(segloop::rtstruct_test::rtstructDataDir() +   \
                                              "/rtss.dcm")) {                               \
            GTEST_SKIP() << segloop::rtstruct_test::rtstructDataDir()                       \
                         << "/rtss.dcm is absent: skipping a test that needs the RTSTRUCT " \
                            "sample data";                                                  \
        }                                                                                   \
    } while (false)

/// What a derived object needs of a series read by the project's own scanner and loader.
inline DicomSourceSeries sourceSeriesOf(const LoadedDicomSeries& loaded) {
    DicomSourceSeries source;
    source.patientId = loaded.series.patientId;
    source.patientName = loaded.series.patientName;
    source.studyInstanceUid = loaded.series.studyInstanceUid;
    source.studyDate = loaded.series.studyDate;
    source.studyDescription = loaded.series.studyDescription;
    source.seriesInstanceUid = loaded.series.seriesInstanceUid;
    source.frameOfReferenceUid = loaded.series.frameOfReferenceUid;
    source.modality = loaded.series.modality;
    source.geometry = loaded.volume.geometry;
    for (const DicomInstance& instance : loaded.series.instances) {
        source.slices.push_back({instance.sopInstanceUid, instance.sopClassUid,
                                 instance.frameNumber, instance.positionMm});
    }
    return source;
}

/// Scans `folder` (which must hold one image series) and loads it.
inline LoadedDicomSeries loadOnlySeries(const std::string& folder) {
    const DicomScanResult scan = scanDicomFolder(folder);
    if (scan.series.size() != 1) {
        throw std::runtime_error(folder + ": expected 1 image series, found " +
                                 std::to_string(scan.series.size()));
    }
    return loadDicomSeries(scan.series.front());
}

/// A made-up source series on `grid` (slice k at indexToWorld(0, 0, k)), MR images.
inline DicomSourceSeries syntheticSource(const ImageGeometry& grid) {
    DicomSourceSeries source;
    source.patientId = "RT-0001";
    source.patientName = "Test^Contour";
    source.patientBirthDate = "19700101";
    source.patientSex = "O";
    source.studyInstanceUid = "2.25.4711000001";
    source.studyDate = "20240102";
    source.studyTime = "103000";
    source.studyId = "1";
    source.accessionNumber = "A-1";
    source.studyDescription = "RTSTRUCT test";
    source.seriesInstanceUid = "2.25.4711000002";
    source.frameOfReferenceUid = "2.25.4711000003";
    source.modality = "MR";
    source.geometry = grid;
    for (int64_t k = 0; k < grid.size[2]; ++k) {
        source.slices.push_back({"2.25.4711001" + std::to_string(100 + k),
                                 "1.2.840.10008.5.1.4.1.1.4", 0,
                                 grid.indexToWorld({0.0, 0.0, static_cast<double>(k)})});
    }
    return source;
}

/// An oblique grid (rotated about all three axes, anisotropic voxels) for synthetic tests.
inline ImageGeometry obliqueGrid(int64_t width, int64_t height, int64_t slices) {
    ImageGeometry grid;
    grid.size = {width, height, slices};
    grid.spacingMm = {0.8, 1.1, 2.5};
    grid.originMm = {-12.3, 45.6, 7.8};
    const double a = 0.3, b = -0.2, c = 0.5;  // rotation angles (rad) about z, y, x
    const Mat3 rz{std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a), 0, 0, 0, 1};
    const Mat3 ry{std::cos(b), 0, std::sin(b), 0, 1, 0, -std::sin(b), 0, std::cos(b)};
    const Mat3 rx{1, 0, 0, 0, std::cos(c), -std::sin(c), 0, std::sin(c), std::cos(c)};
    const auto times = [](const Mat3& p, const Mat3& q) {
        Mat3 r{};
        for (int row = 0; row < 3; ++row) {
            for (int col = 0; col < 3; ++col) {
                for (int n = 0; n < 3; ++n) {
                    r[row * 3 + col] += p[row * 3 + n] * q[n * 3 + col];
                }
            }
        }
        return r;
    };
    grid.direction = times(times(rz, ry), rx);
    return grid;
}

/// A contour as plain points in some 2D frame, for the reference rasteriser.
using Ring = std::vector<std::array<double, 2>>;

/// Independent reference: is `point` inside `rings` under the even-odd rule? The classic
/// per-point crossing test (W. R. Franklin's PNPOLY), over every edge of every ring.
inline bool insideEvenOdd(const std::vector<Ring>& rings, const std::array<double, 2>& point) {
    bool inside = false;
    for (const Ring& ring : rings) {
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const auto& p = ring[i];
            const auto& q = ring[j];
            if (((p[1] > point[1]) != (q[1] > point[1])) &&
                point[0] < (q[0] - p[0]) * (point[1] - p[1]) / (q[1] - p[1]) + p[0]) {
                inside = !inside;
            }
        }
    }
    return inside;
}

/// Distance from `point` to the nearest edge of `rings`.
inline double distanceToRings(const std::vector<Ring>& rings, const std::array<double, 2>& point) {
    double best = HUGE_VAL;
    for (const Ring& ring : rings) {
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const double ex = ring[i][0] - ring[j][0], ey = ring[i][1] - ring[j][1];
            const double px = point[0] - ring[j][0], py = point[1] - ring[j][1];
            const double length2 = ex * ex + ey * ey;
            const double t = length2 > 0 ? std::clamp((px * ex + py * ey) / length2, 0.0, 1.0) : 0;
            best = std::min(best, std::hypot(px - t * ex, py - t * ey));
        }
    }
    return best;
}

/// Runs dciodvfy (dicom3tools) on `path`; prints its warnings; fails the test on any line that
/// contains "Error". Skips (with a message) when the tool is absent.
inline void expectDciodvfyClean(const std::string& path) {
    if (!std::filesystem::exists("/usr/bin/dciodvfy")) {
        std::cout << "[ SKIPPED  ] dciodvfy is absent (Debian package dicom3tools): " << path
                  << " was not validated\n";
        return;
    }
    const test::CommandResult result = test::runCommand("/usr/bin/dciodvfy '" + path + "'");
    std::istringstream lines(result.output);
    std::string line;
    int errors = 0;
    while (std::getline(lines, line)) {
        if (line.find("Error") != std::string::npos) {
            ADD_FAILURE() << "dciodvfy " << path << ": " << line;
            ++errors;
        } else if (!line.empty()) {
            std::cout << "dciodvfy: " << line << "\n";
        }
    }
    EXPECT_EQ(errors, 0) << result.output;
}

/// One ROI as pydicom reads it: number, name, contours, points over all contours.
struct PydicomRoi {
    int number = 0;
    std::string name;
    size_t contours = 0;
    size_t points = 0;
};

/// Reads an RTSTRUCT with pydicom (tests/tools/rtstruct_summary.py); empty and `available`
/// false when python3-pydicom is not installed.
inline std::vector<PydicomRoi> readWithPydicom(const std::string& path, bool& available) {
    available = test::runCommand("/usr/bin/python3 -c 'import pydicom'").exitCode == 0;
    std::vector<PydicomRoi> rois;
    if (!available) {
        return rois;
    }
    const test::CommandResult result = test::runCommand(
        "/usr/bin/python3 " SEGLOOP_TESTS_SOURCE_DIR "/tools/rtstruct_summary.py '" + path + "'");
    EXPECT_EQ(result.exitCode, 0) << result.output;
    std::istringstream lines(result.output);
    std::string line;
    while (std::getline(lines, line)) {
        // "number<TAB>contours<TAB>points<TAB>name"
        std::istringstream fields(line);
        PydicomRoi roi;
        if (fields >> roi.number >> roi.contours >> roi.points) {
            fields.get();
            std::getline(fields, roi.name);
            rois.push_back(roi);
        }
    }
    return rois;
}

}  // namespace segloop::rtstruct_test
