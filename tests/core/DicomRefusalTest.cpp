// Series that cannot make one regular volume are refused with a one-line message naming the
// series and the problem. Each bad series is a copy of tests/data/dicom/hippo12 (slices
// 15.dcm to 26.dcm, 1 mm apart) with one thing broken through DCMTK.
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

#include "core/Error.h"
#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

/// A writable copy of a tests/data/dicom series in a fresh temporary folder.
class BadSeries {
  public:
    explicit BadSeries(const std::string& source = "hippo12") {
        for (const auto& entry : fs::directory_iterator(test::testDataDir() + "/dicom/" + source)) {
            const fs::path target = fs::path(folder_.path()) / entry.path().filename();
            fs::copy_file(entry.path(), target);
            fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
        }
    }
    std::string file(const std::string& name) const { return folder_.file(name); }
    const std::string& folder() const { return folder_.path(); }

    /// Rewrites one file after `edit` changed its dataset.
    void edit(const std::string& name, const std::function<void(DcmDataset&)>& change) const {
        DcmFileFormat file;
        ASSERT_TRUE(file.loadFile(this->file(name).c_str()).good());
        ASSERT_TRUE(file.loadAllDataIntoMemory().good());
        change(*file.getDataset());
        ASSERT_TRUE(file.saveFile(this->file(name).c_str()).good());
    }

    DicomSeries scan() const {
        const DicomScanResult result = scanDicomFolder(folder_.path());
        EXPECT_EQ(result.series.size(), 1u);
        return result.series.at(0);
    }

  private:
    TempDir folder_;
};

/// Expects loading to throw one segloop::Error whose subject names the series' folder and
/// whose one-line message contains every fragment.
void expectRefusal(const DicomSeries& series, const std::string& folder,
                   std::initializer_list<std::string> fragments) {
    try {
        loadDicomSeries(series);
        ADD_FAILURE() << "loaded without complaint";
    } catch (const Error& error) {
        const std::string message = error.what();
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        EXPECT_EQ(error.subject().rfind(folder, 0), 0u) << message;
        EXPECT_NE(error.subject().find("\"HippoCrop\""), std::string::npos) << message;
        for (const std::string& fragment : fragments) {
            EXPECT_NE(message.find(fragment), std::string::npos)
                << "'" << fragment << "' not in: " << message;
        }
    }
}

TEST(DicomRefusal, SeriesWithoutSlices) {
    DicomSeries empty;
    empty.seriesInstanceUid = "1.2.3";
    try {
        loadDicomSeries(empty);
        FAIL() << "loaded an empty series";
    } catch (const Error& error) {
        EXPECT_EQ(std::string(error.what()),
                  "DICOM series 1.2.3: has no slices (a series needs at least 1 image)");
    }
}

TEST(DicomRefusal, MissingSlice) {
    BadSeries bad;
    fs::remove(bad.file("20.dcm"));
    expectRefusal(
        bad.scan(), bad.folder(),
        {"a slice is missing: 19.dcm and 21.dcm are 2 mm apart", "median spacing is 1 mm"});
}

TEST(DicomRefusal, MixedImageSizes) {
    BadSeries bad;
    bad.edit("18.dcm", [](DcmDataset& dataset) {
        const Uint16* samples = nullptr;
        ASSERT_TRUE(dataset.findAndGetUint16Array(DCM_PixelData, samples).good());
        const std::vector<Uint16> half(samples, samples + 34 * 25);
        dataset.putAndInsertUint16(DCM_Rows, 25);
        dataset.putAndInsertUint16Array(DCM_PixelData, half.data(), half.size());
    });
    expectRefusal(bad.scan(), bad.folder(),
                  {"mixed image sizes", "15.dcm is 34x50 pixels", "18.dcm is 34x25"});
}

TEST(DicomRefusal, MixedOrientations) {
    BadSeries bad;
    bad.edit("22.dcm", [](DcmDataset& dataset) {
        dataset.putAndInsertString(DCM_ImageOrientationPatient, "0\\1\\0\\0\\0\\-1");
    });
    expectRefusal(bad.scan(), bad.folder(), {"mixed orientations", "15.dcm and 22.dcm"});
}

TEST(DicomRefusal, UnevenSpacing) {
    BadSeries bad;
    bad.edit("22.dcm", [](DcmDataset& dataset) {
        dataset.putAndInsertString(DCM_ImagePositionPatient, "0\\0\\22.3");
    });
    expectRefusal(bad.scan(), bad.folder(),
                  {"unevenly spaced slices: 21.dcm and 22.dcm are 1.3 mm apart"});
}

TEST(DicomRefusal, DuplicatePositions) {
    BadSeries bad;
    fs::copy_file(bad.file("19.dcm"), bad.file("19b.dcm"));
    bad.edit("19b.dcm", [](DcmDataset& dataset) {
        dataset.putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.8.498.1");
        dataset.putAndInsertString(DCM_InstanceNumber, "100");
    });
    expectRefusal(bad.scan(), bad.folder(),
                  {"duplicate slice positions: 19.dcm and 19b.dcm are both at 19 mm"});
}

TEST(DicomRefusal, SlicesOffTheNormal) {
    BadSeries bad;
    for (int slice = 15; slice <= 26; ++slice) {
        bad.edit(std::to_string(slice) + ".dcm", [&](DcmDataset& dataset) {
            const std::string position =
                std::to_string(0.5 * (slice - 15)) + "\\0\\" + std::to_string(slice);
            dataset.putAndInsertString(DCM_ImagePositionPatient, position.c_str());
        });
    }
    expectRefusal(bad.scan(), bad.folder(),
                  {"slices are not stacked along the slice normal", "tilted gantry"});
}

TEST(DicomRefusal, MissingPosition) {
    BadSeries bad;
    bad.edit("24.dcm",
             [](DcmDataset& dataset) { delete dataset.remove(DCM_ImagePositionPatient); });
    expectRefusal(bad.scan(), bad.folder(), {"24.dcm has no ImagePositionPatient"});
}

TEST(DicomRefusal, PixelDataRemovedAfterTheScan) {
    BadSeries bad;
    const DicomSeries series = bad.scan();
    bad.edit("23.dcm", [](DcmDataset& dataset) { delete dataset.remove(DCM_PixelData); });
    expectRefusal(series, bad.folder(), {"23.dcm has no pixel data"});
}

TEST(DicomRefusal, TruncatedFileIsSkippedAndLeavesAGap) {
    BadSeries bad;
    fs::resize_file(bad.file("18.dcm"), 3000);  // Cut inside the pixel data.
    const DicomScanResult scan = scanDicomFolder(bad.folder());
    ASSERT_EQ(scan.skipped.size(), 1u);
    EXPECT_EQ(fs::path(scan.skipped[0].path).filename(), "18.dcm");
    EXPECT_EQ(scan.skipped[0].reason.rfind("unreadable: ", 0), 0u) << scan.skipped[0].reason;
    expectRefusal(scan.series.at(0), bad.folder(),
                  {"a slice is missing: 17.dcm and 19.dcm are 2 mm apart"});
}

TEST(DicomRefusal, FileChangedAfterTheScan) {
    BadSeries bad;
    const DicomSeries series = bad.scan();
    bad.edit("17.dcm", [](DcmDataset& dataset) {
        dataset.putAndInsertString(DCM_ImagePositionPatient, "0\\0\\40");
    });
    expectRefusal(series, bad.folder(), {"17.dcm has changed since the folder was scanned"});
}

TEST(DicomRefusal, MultiFrameImage) {
    BadSeries bad;
    bad.edit("16.dcm",
             [](DcmDataset& dataset) { dataset.putAndInsertString(DCM_NumberOfFrames, "2"); });
    expectRefusal(bad.scan(), bad.folder(),
                  {"16.dcm is a multi-frame image (2 frames)", "not supported"});
}

TEST(DicomRefusal, ColourImage) {
    BadSeries bad;
    bad.edit("17.dcm", [](DcmDataset& dataset) {
        dataset.putAndInsertUint16(DCM_SamplesPerPixel, 3);
        dataset.putAndInsertString(DCM_PhotometricInterpretation, "RGB");
    });
    expectRefusal(bad.scan(), bad.folder(), {"17.dcm is a colour image (RGB)"});
}

TEST(DicomRefusal, CompressionWithoutADecoder) {
    // JPEG-LS files relabelled as JPEG 2000, which DCMTK's free toolkit cannot decode.
    BadSeries bad("hippo12-jpegls");
    for (int slice = 15; slice <= 26; ++slice) {
        const std::string path = bad.file(std::to_string(slice) + ".dcm");
        std::string bytes;
        {
            std::ifstream in(path, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), {});
        }
        const size_t at = bytes.find(UID_JPEGLSLosslessTransferSyntax);
        ASSERT_NE(at, std::string::npos);
        bytes.replace(at, 22, UID_JPEG2000LosslessOnlyTransferSyntax);
        std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    }
    expectRefusal(bad.scan(), bad.folder(),
                  {".dcm is compressed as JPEG 2000", "cannot be decompressed"});
}

}  // namespace
}  // namespace segloop
