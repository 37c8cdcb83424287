// DICOM series import on the project's small copies (tests/data/dicom: 12 slices of a real MR
// crop, uncompressed and as JPEG lossless, JPEG-LS and RLE) and on variants written here with
// DCMTK (other encodings, 8-bit and JPEG baseline, BitsStored < BitsAllocated, rescale).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmimgle/dcmimage.h"
#include "dcmtk/dcmimgle/dipixel.h"
#include "dcmtk/dcmjpeg/djencode.h"
#include "dcmtk/dcmjpeg/djrploss.h"

#include "core/Error.h"
#include "core/io/DicomCodecs.h"
#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

std::string hippoFolder(const std::string& variant = "") {
    return test::testDataDir() + "/dicom/hippo12" + variant;
}

/// Copies the files of `from` into `to`.
void copyFolder(const std::string& from, const std::string& to) {
    for (const auto& entry : fs::directory_iterator(from)) {
        const fs::path target = fs::path(to) / entry.path().filename();
        fs::copy_file(entry.path(), target);
        fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
    }
}

/// Loads a file wholly with DCMTK, lets `edit` change it and saves it (in `xfer`, or as it was).
void editDicomFile(const std::string& path, const std::function<void(DcmDataset&)>& edit,
                   E_TransferSyntax xfer = EXS_Unknown) {
    DcmFileFormat file;
    ASSERT_TRUE(file.loadFile(path.c_str()).good()) << path;
    ASSERT_TRUE(file.loadAllDataIntoMemory().good()) << path;
    edit(*file.getDataset());
    const OFCondition saved = file.saveFile(path.c_str(), xfer);
    ASSERT_TRUE(saved.good()) << path << ": " << saved.text();
}

/// Applies `edit` to every file of a folder.
void editEveryFile(const std::string& folder, const std::function<void(DcmDataset&)>& edit,
                   E_TransferSyntax xfer = EXS_Unknown) {
    for (const auto& entry : fs::directory_iterator(folder)) {
        editDicomFile(entry.path().string(), edit, xfer);
    }
}

/// The 16-bit samples of a file's PixelData, as stored.
std::vector<Uint16> storedSamples(DcmDataset& dataset) {
    const Uint16* data = nullptr;
    unsigned long count = 0;
    EXPECT_TRUE(dataset.findAndGetUint16Array(DCM_PixelData, data, &count).good());
    return std::vector<Uint16>(data, data + count);
}

/// Scans a folder that must hold exactly one series and loads it.
LoadedDicomSeries loadOnlySeries(const std::string& folder) {
    const DicomScanResult scan = scanDicomFolder(folder);
    if (scan.series.size() != 1) {
        throw std::runtime_error(folder + ": expected 1 series, found " +
                                 std::to_string(scan.series.size()));
    }
    return loadDicomSeries(scan.series.front());
}

/// The modality-transformed values DCMTK's own image class gives for one file.
std::vector<double> dcmtkValues(const std::string& path) {
    DicomImage image(path.c_str());
    const DiPixel* pixel = image.getInterData();
    if (image.getStatus() != EIS_Normal || pixel == nullptr) {
        throw std::runtime_error(path + ": DicomImage failed");
    }
    std::vector<double> values(pixel->getCount());
    const void* data = pixel->getData();
    for (size_t i = 0; i < values.size(); ++i) {
        switch (pixel->getRepresentation()) {
            case EPR_Uint8:
                values[i] = static_cast<const Uint8*>(data)[i];
                break;
            case EPR_Sint8:
                values[i] = static_cast<const Sint8*>(data)[i];
                break;
            case EPR_Uint16:
                values[i] = static_cast<const Uint16*>(data)[i];
                break;
            case EPR_Sint16:
                values[i] = static_cast<const Sint16*>(data)[i];
                break;
            case EPR_Uint32:
                values[i] = static_cast<const Uint32*>(data)[i];
                break;
            case EPR_Sint32:
                values[i] = static_cast<const Sint32*>(data)[i];
                break;
        }
    }
    return values;
}

TEST(DicomImport, LoadsSmallSeriesWithItsGeometryAndIdentity) {
    const LoadedDicomSeries loaded = loadOnlySeries(hippoFolder());
    const ImageGeometry& grid = loaded.volume.geometry;
    EXPECT_EQ(grid.size, (std::array<int64_t, 3>{34, 50, 12}));
    for (int axis = 0; axis < 3; ++axis) {
        EXPECT_DOUBLE_EQ(grid.spacingMm[axis], 1.0);
    }
    EXPECT_EQ(grid.originMm, (Vec3{0.0, 0.0, 15.0}));  // IPP of 15.dcm, the lowest slice.
    EXPECT_EQ(grid.direction, (Mat3{1, 0, 0, 0, 1, 0, 0, 0, 1}));
    EXPECT_EQ(loaded.volume.sourceDataType, "int16");
    EXPECT_EQ(loaded.volume.voxels.size(), 34u * 50u * 12u);

    const DicomSeries& series = loaded.series;
    EXPECT_EQ(series.patientId, "PGBM-003");
    EXPECT_EQ(series.modality, "MR");
    EXPECT_EQ(series.seriesDescription, "HippoCrop");
    EXPECT_EQ(series.studyDate, "20200121");
    EXPECT_FALSE(series.studyInstanceUid.empty());
    EXPECT_FALSE(series.seriesInstanceUid.empty());
    EXPECT_FALSE(series.frameOfReferenceUid.empty());
    ASSERT_EQ(series.instances.size(), 12u);
    for (size_t k = 0; k < series.instances.size(); ++k) {
        const DicomInstance& instance = series.instances[k];
        EXPECT_EQ(fs::path(instance.path).filename().string(), std::to_string(15 + k) + ".dcm");
        EXPECT_EQ(instance.instanceNumber, static_cast<int>(15 + k));
        EXPECT_DOUBLE_EQ(instance.positionMm[2], 15.0 + static_cast<double>(k));
        EXPECT_FALSE(instance.sopInstanceUid.empty());
    }
}

TEST(DicomImport, VoxelValuesEqualWhatDcmtkReadsDirectly) {
    const LoadedDicomSeries loaded = loadOnlySeries(hippoFolder());
    const ImageGeometry& grid = loaded.volume.geometry;
    for (int64_t k = 0; k < grid.size[2]; ++k) {
        const std::vector<double> expected = dcmtkValues(loaded.series.instances[k].path);
        ASSERT_EQ(expected.size(), static_cast<size_t>(grid.size[0] * grid.size[1]));
        for (int64_t j = 0; j < grid.size[1]; ++j) {
            for (int64_t i = 0; i < grid.size[0]; ++i) {
                ASSERT_EQ(loaded.volume.at(i, j, k), expected[j * grid.size[0] + i])
                    << "voxel " << i << "," << j << "," << k;
            }
        }
    }
    const auto [low, high] =
        std::minmax_element(loaded.volume.voxels.begin(), loaded.volume.voxels.end());
    EXPECT_LT(*low, *high);  // A real image, not a blank one.
}

TEST(DicomImport, CompressedCopiesEqualTheUncompressedSeries) {
    const LoadedDicomSeries plain = loadOnlySeries(hippoFolder());
    const std::vector<std::pair<std::string, std::string>> variants{
        {"-jpeg-lossless", UID_JPEGProcess14SV1TransferSyntax},
        {"-jpegls", UID_JPEGLSLosslessTransferSyntax},
        {"-rle", UID_RLELosslessTransferSyntax}};
    for (const auto& [suffix, transferSyntax] : variants) {
        SCOPED_TRACE(suffix);
        const LoadedDicomSeries compressed = loadOnlySeries(hippoFolder(suffix));
        EXPECT_EQ(compressed.series.instances.front().pixelFormat.transferSyntaxUid,
                  transferSyntax);
        EXPECT_TRUE(compressed.volume.geometry.sameGridAs(plain.volume.geometry, 1e-9));
        EXPECT_EQ(compressed.volume.sourceDataType, "int16");
        EXPECT_TRUE(compressed.volume.voxels == plain.volume.voxels);
    }
}

TEST(DicomImport, OtherUncompressedEncodingsGiveTheSameVoxels) {
    const LoadedDicomSeries plain = loadOnlySeries(hippoFolder());
    for (const E_TransferSyntax xfer : {EXS_LittleEndianImplicit, EXS_BigEndianExplicit}) {
        SCOPED_TRACE(DcmXfer(xfer).getXferName());
        TempDir folder;
        copyFolder(hippoFolder(), folder.path());
        editEveryFile(
            folder.path(), [](DcmDataset&) {}, xfer);
        const LoadedDicomSeries copy = loadOnlySeries(folder.path());
        EXPECT_EQ(copy.series.instances.front().pixelFormat.transferSyntaxUid,
                  DcmXfer(xfer).getXferID());
        EXPECT_TRUE(copy.volume.voxels == plain.volume.voxels);
    }
}

TEST(DicomImport, EightBitSeriesPlainAndAsLossyJpegBaseline) {
    TempDir folder;
    copyFolder(hippoFolder(), folder.path());
    std::vector<float> expected;
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(folder.path())) {
        files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());  // 15.dcm ... 26.dcm: slice order.
    for (const std::string& path : files) {
        editDicomFile(path, [&](DcmDataset& dataset) {
            const std::vector<Uint16> samples = storedSamples(dataset);
            std::vector<Uint8> bytes(samples.size());
            for (size_t i = 0; i < samples.size(); ++i) {
                bytes[i] =
                    static_cast<Uint8>(std::clamp(static_cast<Sint16>(samples[i]) / 4, 0, 255));
                expected.push_back(bytes[i]);
            }
            dataset.putAndInsertUint16(DCM_BitsAllocated, 8);
            dataset.putAndInsertUint16(DCM_BitsStored, 8);
            dataset.putAndInsertUint16(DCM_HighBit, 7);
            dataset.putAndInsertUint16(DCM_PixelRepresentation, 0);
            dataset.putAndInsertUint8Array(DCM_PixelData, bytes.data(), bytes.size());
        });
    }
    const LoadedDicomSeries eightBit = loadOnlySeries(folder.path());
    EXPECT_EQ(eightBit.volume.sourceDataType, "uint8");
    EXPECT_TRUE(eightBit.volume.voxels == expected);

    DJEncoderRegistration::registerCodecs();
    const DJ_RPLossy quality(95);
    for (const std::string& path : files) {
        editDicomFile(
            path,
            [&](DcmDataset& dataset) {
                ASSERT_TRUE(dataset.chooseRepresentation(EXS_JPEGProcess1, &quality).good());
            },
            EXS_JPEGProcess1);
    }
    const LoadedDicomSeries jpeg = loadOnlySeries(folder.path());
    EXPECT_EQ(jpeg.series.instances.front().pixelFormat.transferSyntaxUid,
              UID_JPEGProcess1TransferSyntax);
    double totalError = 0.0;
    for (size_t i = 0; i < expected.size(); ++i) {
        totalError += std::abs(jpeg.volume.voxels[i] - expected[i]);
    }
    EXPECT_LT(totalError / static_cast<double>(expected.size()), 2.0);  // Lossy, but close.
}

TEST(DicomImport, BitsStoredBelowBitsAllocatedAreMaskedAndSignExtended) {
    const LoadedDicomSeries plain = loadOnlySeries(hippoFolder());
    for (const int pixelRepresentation : {0, 1}) {
        SCOPED_TRACE(pixelRepresentation == 1 ? "signed 12 bits" : "unsigned 12 bits");
        TempDir folder;
        copyFolder(hippoFolder(), folder.path());
        editEveryFile(folder.path(), [&](DcmDataset& dataset) {
            std::vector<Uint16> samples = storedSamples(dataset);
            for (Uint16& sample : samples) {
                ASSERT_LT(sample, 2048);
                // Unsigned: junk in the 4 unused high bits. Signed: 12-bit two's complement of
                // (value - 2048), not sign-extended to 16 bits.
                sample = pixelRepresentation == 0 ? static_cast<Uint16>(sample | 0xF000)
                                                  : static_cast<Uint16>((sample - 2048) & 0x0FFF);
            }
            dataset.putAndInsertUint16(DCM_BitsStored, 12);
            dataset.putAndInsertUint16(DCM_HighBit, 11);
            dataset.putAndInsertUint16(DCM_PixelRepresentation,
                                       static_cast<Uint16>(pixelRepresentation));
            dataset.putAndInsertUint16Array(DCM_PixelData, samples.data(), samples.size());
        });
        const LoadedDicomSeries loaded = loadOnlySeries(folder.path());
        const float shift = pixelRepresentation == 1 ? -2048.0f : 0.0f;
        for (size_t i = 0; i < plain.volume.voxels.size(); ++i) {
            ASSERT_EQ(loaded.volume.voxels[i], plain.volume.voxels[i] + shift) << "voxel " << i;
        }
    }
}

TEST(DicomImport, RescaleSlopeAndInterceptAreApplied) {
    const LoadedDicomSeries plain = loadOnlySeries(hippoFolder());
    TempDir folder;
    copyFolder(hippoFolder(), folder.path());
    editEveryFile(folder.path(), [](DcmDataset& dataset) {
        dataset.putAndInsertString(DCM_RescaleSlope, "2.5");
        dataset.putAndInsertString(DCM_RescaleIntercept, "-10");
    });
    const LoadedDicomSeries rescaled = loadOnlySeries(folder.path());
    EXPECT_EQ(rescaled.volume.sourceDataType, "int16");
    for (size_t i = 0; i < plain.volume.voxels.size(); ++i) {
        ASSERT_FLOAT_EQ(rescaled.volume.voxels[i], plain.volume.voxels[i] * 2.5f - 10.0f);
    }
}

TEST(DicomImport, SingleSliceTakesItsSpacingFromSliceThickness) {
    TempDir folder;
    fs::copy_file(hippoFolder() + "/20.dcm", folder.file("only.dcm"));
    fs::permissions(folder.file("only.dcm"), fs::perms::owner_read | fs::perms::owner_write);
    editDicomFile(folder.file("only.dcm"), [](DcmDataset& dataset) {
        dataset.putAndInsertString(DCM_SliceThickness, "3.5");
    });
    const LoadedDicomSeries loaded = loadOnlySeries(folder.path());
    EXPECT_EQ(loaded.volume.geometry.size, (std::array<int64_t, 3>{34, 50, 1}));
    EXPECT_DOUBLE_EQ(loaded.volume.geometry.spacingMm[2], 3.5);
    EXPECT_EQ(loaded.volume.geometry.originMm, (Vec3{0.0, 0.0, 20.0}));
}

TEST(DicomImport, RegisteringCodecsTwiceFromManyThreadsIsHarmless) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([] { registerDicomCodecs(); });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    registerDicomCodecs();
    EXPECT_NO_THROW(loadOnlySeries(hippoFolder("-jpegls")));
}

}  // namespace
}  // namespace segloop
