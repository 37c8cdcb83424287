// Enhanced multi-frame images: one file, one frame per slice, geometry from the functional
// groups. Built here with DCMTK from tests/data/dicom/hippo12 (frames stored top slice first,
// rescale in the shared groups, uncompressed and RLE), and checked on the legacy-converted
// enhanced CT of ../shared/data/dicom-seg against its single-frame source.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcrleerg.h"
#include "dcmtk/dcmdata/dctk.h"

#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

constexpr int kSlices = 12;

LoadedDicomSeries loadOnlySeries(const std::string& folder) {
    const DicomScanResult scan = scanDicomFolder(folder);
    EXPECT_EQ(scan.series.size(), 1u);
    return loadDicomSeries(scan.series.at(0));
}

DcmItem* newItem(DcmItem& parent, const DcmTagKey& sequence) {
    DcmItem* item = nullptr;
    EXPECT_TRUE(parent.findOrCreateSequenceItem(sequence, item, -2).good());
    return item;
}

/// Writes hippo12 as one enhanced MR file: frame f holds slice (kSlices - 1 - f), rescale
/// slope 2 and intercept -5 in the shared functional groups.
void writeEnhancedCopy(const std::string& path, E_TransferSyntax xfer) {
    const std::string source = test::testDataDir() + "/dicom/hippo12/";
    DcmFileFormat file;
    ASSERT_TRUE(file.loadFile((source + "15.dcm").c_str()).good());
    ASSERT_TRUE(file.loadAllDataIntoMemory().good());
    DcmDataset& dataset = *file.getDataset();
    for (const DcmTagKey& tag : {DCM_ImagePositionPatient, DCM_ImageOrientationPatient,
                                 DCM_PixelSpacing, DCM_SliceThickness, DCM_InstanceNumber}) {
        delete dataset.remove(tag);
    }
    dataset.putAndInsertString(DCM_SOPClassUID, UID_EnhancedMRImageStorage);
    dataset.putAndInsertString(DCM_InstanceNumber, "1");
    dataset.putAndInsertString(DCM_NumberOfFrames, std::to_string(kSlices).c_str());

    DcmItem* shared = newItem(dataset, DCM_SharedFunctionalGroupsSequence);
    newItem(*shared, DCM_PlaneOrientationSequence)
        ->putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
    DcmItem* measures = newItem(*shared, DCM_PixelMeasuresSequence);
    measures->putAndInsertString(DCM_PixelSpacing, "1\\1");
    measures->putAndInsertString(DCM_SliceThickness, "1");
    DcmItem* transform = newItem(*shared, DCM_PixelValueTransformationSequence);
    transform->putAndInsertString(DCM_RescaleSlope, "2");
    transform->putAndInsertString(DCM_RescaleIntercept, "-5");

    std::vector<Uint16> pixels;
    for (int frame = 0; frame < kSlices; ++frame) {
        const int slice = kSlices - 1 - frame;
        DcmItem* groups = newItem(dataset, DCM_PerFrameFunctionalGroupsSequence);
        const std::string position = "0\\0\\" + std::to_string(15 + slice);
        newItem(*groups, DCM_PlanePositionSequence)
            ->putAndInsertString(DCM_ImagePositionPatient, position.c_str());
        DcmFileFormat sliceFile;
        const std::string slicePath = source + std::to_string(15 + slice) + ".dcm";
        ASSERT_TRUE(sliceFile.loadFile(slicePath.c_str()).good());
        const Uint16* samples = nullptr;
        unsigned long count = 0;
        ASSERT_TRUE(
            sliceFile.getDataset()->findAndGetUint16Array(DCM_PixelData, samples, &count).good());
        pixels.insert(pixels.end(), samples, samples + count);
    }
    dataset.putAndInsertUint16Array(DCM_PixelData, pixels.data(), pixels.size());
    if (xfer == EXS_RLELossless) {
        DcmRLEEncoderRegistration::registerCodecs();
        ASSERT_TRUE(dataset.chooseRepresentation(EXS_RLELossless, nullptr).good());
    }
    ASSERT_TRUE(file.saveFile(path.c_str(), xfer).good());
}

TEST(DicomMultiFrame, EnhancedFileLoadsLikeItsSingleFrameSource) {
    const LoadedDicomSeries plain = loadOnlySeries(test::testDataDir() + "/dicom/hippo12");
    for (const E_TransferSyntax xfer : {EXS_LittleEndianExplicit, EXS_RLELossless}) {
        SCOPED_TRACE(DcmXfer(xfer).getXferName());
        TempDir folder;
        writeEnhancedCopy(folder.file("enhanced.dcm"), xfer);
        const LoadedDicomSeries enhanced = loadOnlySeries(folder.path());
        EXPECT_TRUE(enhanced.volume.geometry.sameGridAs(plain.volume.geometry, 1e-9));
        ASSERT_EQ(enhanced.volume.voxels.size(), plain.volume.voxels.size());
        for (size_t i = 0; i < plain.volume.voxels.size(); ++i) {
            ASSERT_EQ(enhanced.volume.voxels[i], plain.volume.voxels[i] * 2.0f - 5.0f);
        }
        ASSERT_EQ(enhanced.series.instances.size(), static_cast<size_t>(kSlices));
        for (int slice = 0; slice < kSlices; ++slice) {
            const DicomInstance& image = enhanced.series.instances[slice];
            EXPECT_EQ(image.frameNumber, kSlices - slice);  // Frames were stored top first.
            EXPECT_EQ(image.sopInstanceUid, enhanced.series.instances[0].sopInstanceUid);
            EXPECT_DOUBLE_EQ(image.positionMm[2], 15.0 + slice);
        }
    }
}

TEST(DicomMultiFrame, LegacyConvertedEnhancedCtMatchesItsSource) {
    SEGLOOP_REQUIRE_SHARED_DATA();
    const std::string root = test::sharedDataDir() + "/dicom-seg/24x38x3";
    const LoadedDicomSeries single = loadOnlySeries(root + "/image");
    const LoadedDicomSeries multi = loadOnlySeries(root + "/multiframe");
    EXPECT_EQ(multi.volume.geometry.size, (std::array<int64_t, 3>{24, 38, 3}));
    EXPECT_TRUE(multi.volume.geometry.sameGridAs(single.volume.geometry, 1e-6));
    EXPECT_TRUE(multi.volume.voxels == single.volume.voxels);
    EXPECT_EQ(fs::path(multi.series.instances[1].path).filename(), "mf.dcm");
    EXPECT_EQ(multi.series.instances[1].frameNumber, 2);
}

}  // namespace
}  // namespace segloop
