// Agreement with dcm2niix on real oblique MR series (../shared/data/dicom/mr-brain/study3): the
// same voxel values at the same world positions, and the same grid within 1e-3 mm at the
// corners. dcm2niix may flip rows to make its output RAS-like, so voxels are matched through
// the two affines, never by index. Skipped without dcm2niix or without the shared data.
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"
#include "core/io/NiftiReader.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

/// The one NIfTI file dcm2niix wrote for the series (named "out.nii"; extras such as ADC maps
/// get suffixes and are ignored).
std::string dcm2niixOutput(const std::string& folder) {
    std::vector<std::string> written;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.path().extension() == ".nii") {
            written.push_back(entry.path().string());
        }
    }
    const fs::path main = fs::path(folder) / "out.nii";
    if (fs::exists(main) || written.size() != 1) {
        return main.string();
    }
    return written.front();
}

/// Index of `theirs` nearest to a world position, and how far (mm) its centre is from it.
std::array<int64_t, 3> nearestIndex(const ImageGeometry& theirs, const Vec3& worldMm,
                                    double& distanceMm) {
    const Vec3 continuous = theirs.worldToIndex(worldMm);
    const std::array<int64_t, 3> index{std::llround(continuous[0]), std::llround(continuous[1]),
                                       std::llround(continuous[2])};
    const Vec3 centre =
        theirs.indexToWorld({static_cast<double>(index[0]), static_cast<double>(index[1]),
                             static_cast<double>(index[2])});
    distanceMm =
        std::sqrt(std::pow(centre[0] - worldMm[0], 2) + std::pow(centre[1] - worldMm[1], 2) +
                  std::pow(centre[2] - worldMm[2], 2));
    return index;
}

void compareWithDcm2niix(const std::string& seriesFolder) {
    const DicomScanResult scan = scanDicomFolder(seriesFolder);
    ASSERT_EQ(scan.series.size(), 1u);
    const LoadedDicomSeries ours = loadDicomSeries(scan.series.front());

    TempDir out;
    const test::CommandResult run =
        test::runCommand("dcm2niix -z n -f out -o '" + out.path() + "' '" + seriesFolder + "'");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    const Volume theirs = readNiftiVolume(dcm2niixOutput(out.path()));
    const ImageGeometry& grid = ours.volume.geometry;
    ASSERT_EQ(theirs.geometry.voxelCount(), grid.voxelCount());

    // Corners: each of our corner voxels sits on one of theirs within 1e-3 mm.
    for (int corner = 0; corner < 8; ++corner) {
        const Vec3 index{(corner & 1) ? grid.size[0] - 1.0 : 0.0,
                         (corner & 2) ? grid.size[1] - 1.0 : 0.0,
                         (corner & 4) ? grid.size[2] - 1.0 : 0.0};
        double distanceMm = 0.0;
        const auto theirIndex = nearestIndex(theirs.geometry, grid.indexToWorld(index), distanceMm);
        EXPECT_TRUE(theirs.geometry.contains(theirIndex[0], theirIndex[1], theirIndex[2]));
        EXPECT_LT(distanceMm, 1e-3) << "corner " << corner;
    }

    // Every voxel: same value at the same place, scl_slope/inter applied on their side.
    size_t mismatches = 0;
    double worstDistanceMm = 0.0;
    for (int64_t k = 0; k < grid.size[2]; ++k) {
        for (int64_t j = 0; j < grid.size[1]; ++j) {
            for (int64_t i = 0; i < grid.size[0]; ++i) {
                const Vec3 world = grid.indexToWorld(
                    {static_cast<double>(i), static_cast<double>(j), static_cast<double>(k)});
                double distanceMm = 0.0;
                const auto t = nearestIndex(theirs.geometry, world, distanceMm);
                worstDistanceMm = std::max(worstDistanceMm, distanceMm);
                const float mine = ours.volume.at(i, j, k);
                if (!theirs.geometry.contains(t[0], t[1], t[2]) ||
                    std::abs(theirs.at(t[0], t[1], t[2]) - mine) >
                        1e-4f * std::max(1.0f, std::abs(mine))) {
                    ++mismatches;
                }
            }
        }
    }
    EXPECT_EQ(mismatches, 0u);
    EXPECT_LT(worstDistanceMm, 1e-3);
}

TEST(DicomDcm2niix, ObliqueMrSeriesAgreeVoxelForVoxel) {
    SEGLOOP_REQUIRE_SHARED_DATA();
    if (test::runCommand("command -v dcm2niix").exitCode != 0) {
        GTEST_SKIP() << "dcm2niix is not on PATH: skipping the comparison with it";
    }
    const fs::path study = fs::path(test::sharedDataDir()) / "dicom/mr-brain/study3";
    std::vector<std::string> folders;
    for (const auto& entry : fs::directory_iterator(study)) {
        if (entry.is_directory()) {
            folders.push_back(entry.path().string());
        }
    }
    std::sort(folders.begin(), folders.end());
    ASSERT_GE(folders.size(), 4u);
    for (const std::string& folder : folders) {
        SCOPED_TRACE(folder);
        compareWithDcm2niix(folder);
    }
}

}  // namespace
}  // namespace segloop
