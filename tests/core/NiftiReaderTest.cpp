// NIfTI reading on the project's real hippocampus copies and on files written here with niftilib.
#include <nifti2_io.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using test::TempDir;
using test::testDataDir;

std::string hippocampusImage(const std::string& number) {
    return testDataDir() + "/hippocampus/imagesTr/hippocampus_" + number + ".nii.gz";
}
std::string hippocampusLabel(const std::string& number) {
    return testDataDir() + "/hippocampus/labelsTr/hippocampus_" + number + ".nii.gz";
}

double sumOf(const std::vector<float>& values) {
    return std::accumulate(values.begin(), values.end(), 0.0);
}

/// Expects `action` to throw segloop::Error whose message contains every fragment.
template <typename Action>
void expectError(Action action, std::initializer_list<std::string> fragments) {
    try {
        action();
        FAIL() << "no error thrown";
    } catch (const Error& error) {
        for (const std::string& fragment : fragments) {
            EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos)
                << "message '" << error.what() << "' lacks '" << fragment << "'";
        }
    }
}

// Reference values were read from the same files with nibabel 5.0.
TEST(NiftiReader, ReadsUint8HippocampusImage) {
    const Volume volume = readNiftiVolume(hippocampusImage("001"));
    EXPECT_EQ(volume.geometry.size, (std::array<int64_t, 3>{35, 51, 35}));
    EXPECT_DOUBLE_EQ(sumOf(volume.voxels), 3968524.0);
    EXPECT_FLOAT_EQ(volume.at(10, 20, 15), 56.0f);
    EXPECT_FLOAT_EQ(volume.at(17, 25, 17), 29.0f);
    EXPECT_EQ(volume.sourceDataType, "UINT8");
    // RAS affine diag(1,1,1) with offset (1,1,1) becomes LPS origin (-1,-1,1).
    EXPECT_EQ(volume.geometry.originMm, (Vec3{-1.0, -1.0, 1.0}));
    EXPECT_EQ(volume.geometry.spacingMm, (Vec3{1.0, 1.0, 1.0}));
    EXPECT_EQ(volume.geometry.direction, (Mat3{-1, 0, 0, 0, -1, 0, 0, 0, 1}));
}

TEST(NiftiReader, ReadsFloat32HippocampusImage) {
    const Volume volume = readNiftiVolume(hippocampusImage("003"));
    EXPECT_EQ(volume.geometry.size, (std::array<int64_t, 3>{34, 52, 35}));
    EXPECT_NEAR(sumOf(volume.voxels), 29866089.86869049, 1e-3);
    EXPECT_FLOAT_EQ(volume.at(10, 20, 15), 321.7843933105469f);
    EXPECT_FLOAT_EQ(volume.at(17, 25, 17), 494.5945129394531f);
}

TEST(NiftiReader, ReadsUint8AndFloat32LabelMaps) {
    const LabelMap uint8Labels = readNiftiLabelMap(hippocampusLabel("001"));
    EXPECT_EQ(uint8Labels.classVoxelCounts(), (std::vector<size_t>{59527, 1324, 1624}));
    const LabelMap floatLabels = readNiftiLabelMap(hippocampusLabel("003"));
    EXPECT_EQ(floatLabels.classVoxelCounts(), (std::vector<size_t>{58527, 1550, 1803}));
    EXPECT_TRUE(floatLabels.geometry.sameGridAs(readNiftiGeometry(hippocampusImage("003"))));
}

/// Writes a 4x3x2 NIfTI of `dataType` with niftilib itself, values 0..23 (negated when signed).
std::string writeWithNiftilib(const TempDir& dir, int dataType, double slope, double intercept,
                              const std::string& name) {
    const int64_t dims[8] = {3, 4, 3, 2, 1, 1, 1, 1};
    nifti_image* image = nifti_make_new_nim(dims, dataType, 1);
    for (int n = 0; n < 24; ++n) {
        const double value = (dataType == DT_INT16 || dataType == DT_INT32) ? -n : n;
        switch (dataType) {
            case DT_UINT8:
                static_cast<uint8_t*>(image->data)[n] = uint8_t(value);
                break;
            case DT_INT16:
                static_cast<int16_t*>(image->data)[n] = int16_t(value);
                break;
            case DT_UINT16:
                static_cast<uint16_t*>(image->data)[n] = uint16_t(value);
                break;
            case DT_INT32:
                static_cast<int32_t*>(image->data)[n] = int32_t(value);
                break;
            case DT_FLOAT32:
                static_cast<float*>(image->data)[n] = float(value);
                break;
            case DT_FLOAT64:
                static_cast<double*>(image->data)[n] = value;
                break;
        }
    }
    image->scl_slope = slope;
    image->scl_inter = intercept;
    image->qform_code = 1;  // qform only: pixdim 2, 3, 4 mm, offset (10, 20, 30) RAS
    image->sform_code = 0;
    image->pixdim[1] = image->dx = 2.0;
    image->pixdim[2] = image->dy = 3.0;
    image->pixdim[3] = image->dz = 4.0;
    image->qoffset_x = 10.0;
    image->qoffset_y = 20.0;
    image->qoffset_z = 30.0;
    image->qfac = 1.0;
    const std::string path = dir.file(name);
    nifti_set_filenames(image, path.c_str(), 0, 1);
    nifti_image_write(image);
    nifti_image_free(image);
    return path;
}

TEST(NiftiReader, ReadsEveryCommonDataTypeWithScaling) {
    TempDir dir;
    const std::vector<std::pair<int, std::string>> types = {
        {DT_UINT8, "u8.nii"},  {DT_INT16, "i16.nii.gz"},   {DT_UINT16, "u16.nii"},
        {DT_INT32, "i32.nii"}, {DT_FLOAT32, "f32.nii.gz"}, {DT_FLOAT64, "f64.nii"}};
    for (const auto& [dataType, name] : types) {
        SCOPED_TRACE(name);
        const std::string path = writeWithNiftilib(dir, dataType, 0.5, -3.0, name);
        const Volume volume = readNiftiVolume(path);
        ASSERT_EQ(volume.voxels.size(), 24u);
        const double sign = (dataType == DT_INT16 || dataType == DT_INT32) ? -1.0 : 1.0;
        for (int n = 0; n < 24; ++n) {
            EXPECT_FLOAT_EQ(volume.voxels[n], float(sign * n * 0.5 - 3.0));
        }
        EXPECT_EQ(volume.geometry.spacingMm, (Vec3{2.0, 3.0, 4.0}));
        EXPECT_EQ(volume.geometry.originMm, (Vec3{-10.0, -20.0, 30.0}));
        const Vec3 corner = volume.geometry.indexToWorld({3, 2, 1});
        EXPECT_EQ(corner, (Vec3{-16.0, -26.0, 34.0}));
    }
}

TEST(NiftiReader, ZeroSlopeMeansUnscaled) {
    TempDir dir;
    const Volume volume = readNiftiVolume(writeWithNiftilib(dir, DT_INT16, 0.0, 0.0, "a.nii"));
    EXPECT_FLOAT_EQ(volume.voxels[5], -5.0f);
}

TEST(NiftiReader, TruncatedGzipNamesFileAndProblem) {
    TempDir dir;
    std::ifstream source(hippocampusImage("004"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(source)), std::istreambuf_iterator<char>());
    const std::string path = dir.file("truncated.nii.gz");
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size() / 2));
    expectError([&] { readNiftiVolume(path); }, {path, "truncated"});
}

TEST(NiftiReader, TruncatedUncompressedDataIsReported) {
    TempDir dir;
    const std::string path = writeWithNiftilib(dir, DT_FLOAT32, 1.0, 0.0, "short.nii");
    std::filesystem::resize_file(path, 352 + 40);
    expectError([&] { readNiftiVolume(path); }, {path, "truncated", "got 40 of 96 bytes"});
}

TEST(NiftiReader, WrongMagicIsReported) {
    TempDir dir;
    const std::string path = dir.file("not-nifti.nii");
    std::ofstream(path) << std::string(600, 'x');
    expectError([&] { readNiftiVolume(path); }, {path, "not a NIfTI file", "bad magic"});
}

TEST(NiftiReader, MissingFileAndShortHeaderAreReported) {
    TempDir dir;
    expectError([&] { readNiftiVolume(dir.file("absent.nii.gz")); },
                {"absent.nii.gz", "no such file"});
    const std::string tiny = dir.file("tiny.nii");
    std::ofstream(tiny) << "n+1";
    expectError([&] { readNiftiVolume(tiny); }, {tiny, "truncated NIfTI header"});
}

TEST(NiftiReader, FourDimensionalImageIsRefused) {
    TempDir dir;
    const int64_t dims[8] = {4, 3, 3, 3, 5, 1, 1, 1};
    nifti_image* image = nifti_make_new_nim(dims, DT_UINT8, 1);
    const std::string path = dir.file("series.nii");
    nifti_set_filenames(image, path.c_str(), 0, 1);
    nifti_image_write(image);
    nifti_image_free(image);
    expectError([&] { readNiftiVolume(path); }, {path, "5 volumes"});
}

TEST(NiftiReader, LabelMapWithFractionalValueIsRefused) {
    TempDir dir;
    const std::string path = writeWithNiftilib(dir, DT_FLOAT32, 0.5, 0.0, "soft.nii");
    expectError([&] { readNiftiLabelMap(path); }, {path, "voxel (1,0,0)", "not a class number"});
}

TEST(NiftiReader, NamesAndExtensions) {
    EXPECT_TRUE(hasNiftiExtension("a/b.NII.GZ"));
    EXPECT_TRUE(hasNiftiExtension("b.nii"));
    EXPECT_FALSE(hasNiftiExtension("b.dcm"));
    EXPECT_FALSE(hasNiftiExtension(".nii"));
    EXPECT_EQ(niftiStem("a/case_001.nii.gz"), "case_001");
    EXPECT_EQ(niftiStem("case.Nii"), "case");
}

}  // namespace
}  // namespace segloop
