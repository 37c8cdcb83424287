#pragma once

// Helpers shared by the DICOM SEG tests (tests/core/DicomSeg*Test.cpp): the source series of
// the shared dcmqi data, reference masks from NRRD put on a DICOM grid, and the external tools.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/image/LabelMap.h"
#include "core/io/DicomSegSource.h"
#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"
#include "core/io/DicomSourceSeries.h"
#include "support/NrrdReader.h"
#include "support/TestPaths.h"

namespace segloop::test {

/// ../shared/data/dicom-seg (dcmqi's test data), or "" when absent.
inline std::string dicomSegDataDir() {
    const std::string dir = sharedDataDir() + "/dicom-seg";
    return std::filesystem::is_directory(dir) ? dir : std::string();
}

/// The DicomSourceSeries of the one series in `folder`, read with SegLoop's own loader.
inline DicomSourceSeries loadSegSource(const std::string& folder) {
    const DicomScanResult scan = scanDicomFolder(folder);
    EXPECT_EQ(scan.series.size(), 1u) << folder;
    return makeDicomSegSource(loadDicomSeries(scan.series.at(0)));
}

/// The NRRD's values on `grid`, matched by world position (LPS, mm) rather than by index:
/// voxel (i,j,k) of the grid takes the NRRD voxel whose centre lies within 1e-3 voxel of it.
/// Fails the test (and returns what it has) where no NRRD voxel is there.
inline LabelMap nrrdOnGrid(const NrrdImage& nrrd, const ImageGeometry& grid) {
    LabelMap labels(grid);
    size_t missing = 0;
    for (int64_t k = 0; k < grid.size[2]; ++k) {
        for (int64_t j = 0; j < grid.size[1]; ++j) {
            for (int64_t i = 0; i < grid.size[0]; ++i) {
                const Vec3 world = grid.indexToWorld(
                    {static_cast<double>(i), static_cast<double>(j), static_cast<double>(k)});
                const Vec3 index = nrrd.geometry.worldToIndex(world);
                const int64_t ni = std::llround(index[0]);
                const int64_t nj = std::llround(index[1]);
                const int64_t nk = std::llround(index[2]);
                const bool onVoxel = std::abs(index[0] - ni) < 1e-3 &&
                                     std::abs(index[1] - nj) < 1e-3 &&
                                     std::abs(index[2] - nk) < 1e-3;
                if (!onVoxel || !nrrd.geometry.contains(ni, nj, nk)) {
                    ++missing;
                    continue;
                }
                labels.at(i, j, k) = static_cast<uint16_t>(nrrd.at(ni, nj, nk));
            }
        }
    }
    EXPECT_EQ(missing, 0u) << "grid voxels with no NRRD voxel at their position";
    return labels;
}

/// Number of voxels where two label maps on the same grid differ (all, if sizes differ).
inline size_t differingVoxels(const LabelMap& a, const LabelMap& b) {
    if (a.labels.size() != b.labels.size()) {
        return std::max(a.labels.size(), b.labels.size());
    }
    size_t count = 0;
    for (size_t v = 0; v < a.labels.size(); ++v) {
        count += a.labels[v] != b.labels[v] ? 1 : 0;
    }
    return count;
}

/// Whether dciodvfy (dicom3tools) is installed.
inline bool dciodvfyAvailable() {
    return std::filesystem::exists("/usr/bin/dciodvfy");
}

/// Runs dciodvfy on a file: no line may contain "Error"; warnings are printed.
inline void expectDciodvfyClean(const std::string& path) {
    const CommandResult result = runCommand("/usr/bin/dciodvfy '" + path + "'");
    std::istringstream lines(result.output);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.find("Error") != std::string::npos) {
            ADD_FAILURE() << "dciodvfy on " << path << ": " << line;
        } else if (line.find("Warning") != std::string::npos) {
            std::cout << "[ dciodvfy ] " << line << "\n";
        }
    }
}

/// What tests/tools/dicom_seg_check.py (pydicom) read from a SEG.
struct PydicomSeg {
    struct Segment {
        int number = 0;
        std::string label, algorithmType, algorithmName, category, type, lab;
        std::string identificationName, identificationVersion;
    };
    struct Frame {
        int number = 0;
        int segment = 0;
        Vec3 positionMm{};
        std::string sourceInstanceUid, sourceFrame;
        size_t setPixels = 0;
    };
    std::string sopClass, segmentationType, fractionalType, maxValue, referencedSeries;
    int frameCount = 0, rows = 0, columns = 0, referencedInstances = 0;
    std::vector<Segment> segments;
    std::vector<Frame> frames;
    std::vector<uint8_t> pixels;  ///< Decoded frames, one byte a pixel, frame after frame
};

/// Whether /usr/bin/python3 has pydicom and numpy (Debian's python3-pydicom).
inline bool pydicomAvailable() {
    return runCommand("/usr/bin/python3 -c 'import pydicom, numpy'").exitCode == 0;
}

inline std::vector<std::string> splitBars(const std::string& line) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream stream(line);
    while (std::getline(stream, field, '|')) {
        fields.push_back(field);
    }
    return fields;
}

/// Reads `path` with pydicom through tests/tools/dicom_seg_check.py (fails the test if it cannot).
inline PydicomSeg readWithPydicom(const std::string& path, const TempDir& scratch) {
    const std::string raw = scratch.file("pydicom-frames.raw");
    const CommandResult result =
        runCommand("/usr/bin/python3 " SEGLOOP_TESTS_SOURCE_DIR "/tools/dicom_seg_check.py '" +
                   path + "' '" + raw + "'");
    EXPECT_EQ(result.exitCode, 0) << result.output;
    PydicomSeg seg;
    std::istringstream lines(result.output);
    std::string line;
    while (std::getline(lines, line)) {
        const std::vector<std::string> f = splitBars(line);
        if (f.size() == 2 && f[0] == "sop_class") {
            seg.sopClass = f[1];
        } else if (f.size() == 4 && f[0] == "type") {
            seg.segmentationType = f[1];
            seg.fractionalType = f[2];
            seg.maxValue = f[3];
        } else if (f.size() == 4 && f[0] == "size") {
            seg.frameCount = std::stoi(f[1]);
            seg.rows = std::stoi(f[2]);
            seg.columns = std::stoi(f[3]);
        } else if (f.size() == 3 && f[0] == "referenced_series") {
            seg.referencedSeries = f[1];
            seg.referencedInstances = std::stoi(f[2]);
        } else if (f.size() == 10 && f[0] == "segment") {
            seg.segments.push_back(
                {std::stoi(f[1]), f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]});
        } else if (f.size() == 7 && f[0] == "frame") {
            PydicomSeg::Frame frame;
            frame.number = std::stoi(f[1]);
            frame.segment = std::stoi(f[2]);
            std::istringstream position(f[3]);
            position.imbue(std::locale::classic());
            position >> frame.positionMm[0] >> frame.positionMm[1] >> frame.positionMm[2];
            frame.sourceInstanceUid = f[4];
            frame.sourceFrame = f[5];
            frame.setPixels = std::stoul(f[6]);
            seg.frames.push_back(frame);
        }
    }
    std::ifstream in(raw, std::ios::binary);
    seg.pixels.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return seg;
}

/// The source slice at `positionMm` (within 1e-3 mm), or -1.
inline int64_t sliceAt(const DicomSourceSeries& source, const Vec3& positionMm) {
    for (size_t k = 0; k < source.slices.size(); ++k) {
        const Vec3& p = source.slices[k].positionMm;
        if (std::abs(p[0] - positionMm[0]) < 1e-3 && std::abs(p[1] - positionMm[1]) < 1e-3 &&
            std::abs(p[2] - positionMm[2]) < 1e-3) {
            return static_cast<int64_t>(k);
        }
    }
    return -1;
}

/// tests/data/dicom/hippo12: a 34x50x12 MR series that is always present.
inline std::string hippoSeriesDir() {
    return testDataDir() + "/dicom/hippo12";
}

/// Three classes to write, on purpose not numbered 1..3: a liver, a tumour, and one that the
/// label maps of makeSegTestLabels() never hold.
inline std::vector<DicomSegmentDescription> segTestClasses() {
    return {{5, "Liver", {221, 130, 101}},
            {2, "Liver tumour", {255, 255, 0}},
            {9, "Something else", {0, 128, 255}}};
}

/// Class 5 as a disc on the first half of the slices, class 2 as a box on the later ones
/// (touching the disc where both would be), class 9 nowhere; any grid of 3+ slices.
inline LabelMap makeSegTestLabels(const ImageGeometry& grid) {
    LabelMap labels(grid);
    const auto& n = grid.size;
    const double radius = std::min(n[0], n[1]) / 4.0;
    for (int64_t k = 0; k < n[2]; ++k) {
        for (int64_t j = 0; j < n[1]; ++j) {
            for (int64_t i = 0; i < n[0]; ++i) {
                const double dx = static_cast<double>(i) - n[0] / 3.0;
                const double dy = static_cast<double>(j) - n[1] / 2.0;
                if (k <= n[2] / 2 && dx * dx + dy * dy < radius * radius) {
                    labels.at(i, j, k) = 5;
                }
                if (k >= n[2] / 3 && k < n[2] - 1 && i >= n[0] / 2 && i < n[0] - 2 &&
                    j >= n[1] / 4 && j < 3 * n[1] / 4) {
                    labels.at(i, j, k) = 2;
                }
            }
        }
    }
    return labels;
}

}  // namespace segloop::test
