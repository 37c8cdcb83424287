// Slice order and grid of loaded DICOM series: shuffled files, a normal pointing against the
// instance numbers, an oblique orientation with anisotropic pixels (headers rewritten with DCMTK
// on copies of tests/data/dicom/hippo12).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

std::string hippoFolder() {
    return test::testDataDir() + "/dicom/hippo12";
}

/// Copies hippo12 into `to`, lets `edit` change each file (given its slice number 0..11 from
/// the bottom) and saves it under the name `rename(slice)`.
void writeEditedCopy(const std::string& to, const std::function<void(DcmDataset&, int)>& edit,
                     const std::function<std::string(int)>& rename = nullptr) {
    for (int slice = 0; slice < 12; ++slice) {
        const std::string source = hippoFolder() + "/" + std::to_string(15 + slice) + ".dcm";
        DcmFileFormat file;
        ASSERT_TRUE(file.loadFile(source.c_str()).good());
        ASSERT_TRUE(file.loadAllDataIntoMemory().good());
        edit(*file.getDataset(), slice);
        const std::string name = rename ? rename(slice) : std::to_string(15 + slice) + ".dcm";
        ASSERT_TRUE(file.saveFile((fs::path(to) / name).c_str()).good());
    }
}

std::string decimals(std::initializer_list<double> values) {
    std::string text;
    for (const double value : values) {
        char number[40];
        std::snprintf(number, sizeof number, "%.10f", value);
        text += (text.empty() ? "" : "\\") + std::string(number);
    }
    return text;
}

LoadedDicomSeries loadOnlySeries(const std::string& folder) {
    const DicomScanResult scan = scanDicomFolder(folder);
    EXPECT_EQ(scan.series.size(), 1u);
    return loadDicomSeries(scan.series.at(0));
}

TEST(DicomGeometry, ShuffledFileNamesAndInstanceNumbersStillSortByPosition) {
    const LoadedDicomSeries plain = loadOnlySeries(hippoFolder());
    TempDir folder;
    writeEditedCopy(
        folder.path(),
        [](DcmDataset& dataset, int slice) {
            dataset.putAndInsertString(DCM_InstanceNumber,
                                       std::to_string((slice * 5) % 12 + 1).c_str());
        },
        [](int slice) { return "img" + std::to_string((slice * 7) % 12); });
    const LoadedDicomSeries shuffled = loadOnlySeries(folder.path());
    EXPECT_TRUE(shuffled.volume.geometry.sameGridAs(plain.volume.geometry, 1e-9));
    EXPECT_TRUE(shuffled.volume.voxels == plain.volume.voxels);
    for (int slice = 0; slice < 12; ++slice) {
        EXPECT_EQ(fs::path(shuffled.series.instances[slice].path).filename().string(),
                  "img" + std::to_string((slice * 7) % 12));
    }
}

TEST(DicomGeometry, SlicesFollowTheNormalNotTheInstanceNumbers) {
    // Column cosine (0,-1,0): the normal row x column is (0,0,-1), so the slice with the
    // highest z comes first.
    const LoadedDicomSeries plain = loadOnlySeries(hippoFolder());
    TempDir folder;
    writeEditedCopy(folder.path(), [](DcmDataset& dataset, int) {
        dataset.putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\-1\\0");
    });
    const LoadedDicomSeries flipped = loadOnlySeries(folder.path());
    const ImageGeometry& grid = flipped.volume.geometry;
    EXPECT_EQ(grid.originMm, (Vec3{0.0, 0.0, 26.0}));
    EXPECT_EQ(grid.direction, (Mat3{1, 0, 0, 0, -1, 0, 0, 0, -1}));
    EXPECT_DOUBLE_EQ(grid.spacingMm[2], 1.0);
    EXPECT_EQ(flipped.series.instances.front().instanceNumber, 26);
    for (int64_t k = 0; k < 12; ++k) {
        for (int64_t j = 0; j < 50; j += 7) {
            for (int64_t i = 0; i < 34; i += 5) {
                ASSERT_EQ(flipped.volume.at(i, j, k), plain.volume.at(i, j, 11 - k));
            }
        }
    }
}

TEST(DicomGeometry, ObliqueAnisotropicSeriesMapsVoxelsToTheirDicomPositions) {
    // Rotation: 30 degrees about z after 20 degrees about x; pixels 0.8 mm along a row (x),
    // 0.5 mm between rows (y); slices 2.5 mm apart along the rotated normal.
    const double a = 30.0 * M_PI / 180.0;
    const double b = 20.0 * M_PI / 180.0;
    const Mat3 rz{std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a), 0, 0, 0, 1};
    const Mat3 rx{1, 0, 0, 0, std::cos(b), -std::sin(b), 0, std::sin(b), std::cos(b)};
    Mat3 r{};
    for (int row = 0; row < 3; ++row) {
        for (int col = 0; col < 3; ++col) {
            for (int m = 0; m < 3; ++m) {
                r[row * 3 + col] += rz[row * 3 + m] * rx[m * 3 + col];
            }
        }
    }
    const Vec3 offset{-40.25, 12.5, 7.0};
    auto positionOf = [&](int slice) {
        const double z = 2.5 * slice;
        return Vec3{offset[0] + z * r[2], offset[1] + z * r[5], offset[2] + z * r[8]};
    };

    const LoadedDicomSeries plain = loadOnlySeries(hippoFolder());
    TempDir folder;
    writeEditedCopy(folder.path(), [&](DcmDataset& dataset, int slice) {
        const Vec3 p = positionOf(slice);
        dataset.putAndInsertString(DCM_ImagePositionPatient, decimals({p[0], p[1], p[2]}).c_str());
        dataset.putAndInsertString(DCM_ImageOrientationPatient,
                                   decimals({r[0], r[3], r[6], r[1], r[4], r[7]}).c_str());
        dataset.putAndInsertString(DCM_PixelSpacing, "0.5\\0.8");
    });
    const LoadedDicomSeries oblique = loadOnlySeries(folder.path());
    const ImageGeometry& grid = oblique.volume.geometry;
    EXPECT_NEAR(grid.spacingMm[0], 0.8, 1e-12);
    EXPECT_NEAR(grid.spacingMm[1], 0.5, 1e-12);
    EXPECT_NEAR(grid.spacingMm[2], 2.5, 1e-8);
    for (int e = 0; e < 9; ++e) {
        EXPECT_NEAR(grid.direction[e], r[e], 1e-9) << "direction element " << e;
    }
    EXPECT_TRUE(oblique.volume.voxels == plain.volume.voxels);
    for (int slice = 0; slice < 12; slice += 11) {
        for (const auto& [i, j] : {std::pair<double, double>{0, 0}, {33, 0}, {0, 49}, {33, 49}}) {
            const Vec3 world = grid.indexToWorld({i, j, static_cast<double>(slice)});
            const Vec3 p = positionOf(slice);
            for (int axis = 0; axis < 3; ++axis) {
                // x index runs along the row cosine (column 0 of r) in steps of 0.8 mm.
                const double expected = p[axis] + i * 0.8 * r[axis * 3] + j * 0.5 * r[axis * 3 + 1];
                EXPECT_NEAR(world[axis], expected, 1e-6);
            }
        }
    }
}

}  // namespace
}  // namespace segloop
