// NIfTI writing: lossless round trips, oblique geometry, atomic replacement, clear failures.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using test::TempDir;

/// An oblique grid: rotated 30 degrees about z and 10 about x, anisotropic spacing.
ImageGeometry obliqueGrid() {
    ImageGeometry grid;
    grid.size = {7, 5, 4};
    grid.spacingMm = {0.8, 1.25, 3.0};
    grid.originMm = {-12.5, 40.25, 7.0};
    const double a = 30.0 * M_PI / 180.0;
    const double b = 10.0 * M_PI / 180.0;
    const Mat3 rz{std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a), 0, 0, 0, 1};
    const Mat3 rx{1, 0, 0, 0, std::cos(b), -std::sin(b), 0, std::sin(b), std::cos(b)};
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) {
            grid.direction[r * 3 + c] = 0.0;
            for (int k = 0; k < 3; ++k) {
                grid.direction[r * 3 + c] += rz[r * 3 + k] * rx[k * 3 + c];
            }
        }
    }
    return grid;
}

Volume rampVolume(float scale, float offset) {
    Volume volume(obliqueGrid());
    for (size_t n = 0; n < volume.voxels.size(); ++n) {
        volume.voxels[n] = float(n) * scale + offset;
    }
    return volume;
}

TEST(NiftiWriter, RoundTripKeepsValuesAndObliqueGeometry) {
    TempDir dir;
    for (const std::string name : {"a.nii", "a.nii.gz"}) {
        for (const auto& [scale, offset] :
             {std::pair{1.0f, 0.0f}, {1.0f, -70.0f}, {300.0f, 0.0f}, {0.37f, 2.5f}}) {
            SCOPED_TRACE(name + " scale " + std::to_string(scale));
            const Volume original = rampVolume(scale, offset);
            writeNiftiVolume(original, dir.file(name));
            const Volume loaded = readNiftiVolume(dir.file(name));
            EXPECT_EQ(loaded.voxels, original.voxels);
            EXPECT_TRUE(loaded.geometry.sameGridAs(original.geometry, 1e-4))
                << loaded.geometry.maxCornerDistanceMm(original.geometry);
            for (int i = 0; i < 3; ++i) {
                EXPECT_NEAR(loaded.geometry.spacingMm[i], original.geometry.spacingMm[i], 1e-5);
            }
        }
    }
}

TEST(NiftiWriter, ChoosesNarrowLosslessTypes) {
    TempDir dir;
    writeNiftiVolume(rampVolume(1.0f, 0.0f), dir.file("u8.nii"));
    writeNiftiVolume(rampVolume(1.0f, -70.0f), dir.file("i16.nii"));
    writeNiftiVolume(rampVolume(0.5f, 0.0f), dir.file("f32.nii"));
    EXPECT_EQ(readNiftiVolume(dir.file("u8.nii")).sourceDataType, "UINT8");
    EXPECT_EQ(readNiftiVolume(dir.file("i16.nii")).sourceDataType, "INT16");
    EXPECT_EQ(readNiftiVolume(dir.file("f32.nii")).sourceDataType, "FLOAT32");
    EXPECT_EQ(std::filesystem::file_size(dir.file("u8.nii")), 352u + 140u);
}

TEST(NiftiWriter, LabelMapRoundTripUint8AndUint16) {
    TempDir dir;
    LabelMap labels(obliqueGrid());
    for (size_t n = 0; n < labels.labels.size(); ++n) {
        labels.labels[n] = uint16_t(n % 3);
    }
    writeNiftiLabelMap(labels, dir.file("small.nii.gz"));
    EXPECT_EQ(readNiftiLabelMap(dir.file("small.nii.gz")).labels, labels.labels);
    labels.labels[4] = 1000;
    writeNiftiLabelMap(labels, dir.file("wide.nii.gz"));
    EXPECT_EQ(readNiftiLabelMap(dir.file("wide.nii.gz")).labels, labels.labels);
}

TEST(NiftiWriter, HippocampusCaseSurvivesRewrite) {
    TempDir dir;
    const Volume original =
        readNiftiVolume(test::testDataDir() + "/hippocampus/imagesTr/hippocampus_004.nii.gz");
    writeNiftiVolume(original, dir.file("copy.nii.gz"));
    const Volume copy = readNiftiVolume(dir.file("copy.nii.gz"));
    EXPECT_EQ(copy.voxels, original.voxels);
    EXPECT_TRUE(copy.geometry.sameGridAs(original.geometry, 1e-6));
}

TEST(NiftiWriter, ReplacesAtomicallyAndLeavesNoTemporaryFiles) {
    TempDir dir;
    writeNiftiVolume(rampVolume(1.0f, 0.0f), dir.file("v.nii.gz"));
    writeNiftiVolume(rampVolume(2.0f, 0.0f), dir.file("v.nii.gz"));
    EXPECT_FLOAT_EQ(readNiftiVolume(dir.file("v.nii.gz")).voxels[3], 6.0f);
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        (void)entry;
        ++files;
    }
    EXPECT_EQ(files, 1);
}

TEST(NiftiWriter, FailuresNameThePathAndKeepTheOldFile) {
    TempDir dir;
    const std::string missingFolder = dir.file("no/such/folder/v.nii.gz");
    try {
        writeNiftiVolume(rampVolume(1.0f, 0.0f), missingFolder);
        FAIL() << "no error";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find(missingFolder + ": cannot create"),
                  std::string::npos)
            << error.what();
    }
    Volume broken = rampVolume(1.0f, 0.0f);
    broken.voxels.pop_back();
    EXPECT_THROW(writeNiftiVolume(broken, dir.file("b.nii")), Error);
    EXPECT_THROW(writeNiftiVolume(rampVolume(1.0f, 0.0f), dir.file("b.raw")), Error);
    EXPECT_FALSE(std::filesystem::exists(dir.file("b.nii")));
}

TEST(NiftiWriter, WriteFailureKeepsTheOldFileAndLeavesNoTemporary) {
    // A file-size limit makes write() fail part-way, as a full disk does. Run it in a child
    // process so the limit does not touch the test runner.
    TempDir dir;
    const std::string path = dir.file("v.nii");
    Volume small(obliqueGrid());
    writeNiftiVolume(small, path);
    const auto sizeBefore = std::filesystem::file_size(path);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{1000, 1000};
        setrlimit(RLIMIT_FSIZE, &limit);
        ImageGeometry grid = obliqueGrid();
        grid.size = {7, 5, 40};
        Volume big(grid);
        big.voxels.assign(grid.voxelCount(), 0.5f);  // float32: 5600 bytes, over the limit
        try {
            writeNiftiVolume(big, path);
            _exit(1);
        } catch (const Error& error) {
            const std::string message = error.what();
            _exit(message.find(path + ": cannot write (File too large)") == 0 ? 0 : 2);
        }
    }
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(std::filesystem::file_size(path), sizeBefore);
    EXPECT_EQ(readNiftiVolume(path).voxels, small.voxels);
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        (void)entry;
        ++files;
    }
    EXPECT_EQ(files, 1);
}

}  // namespace
}  // namespace segloop
