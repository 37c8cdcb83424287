// Scanning folders for DICOM series: grouping, what is skipped and why, progress and cancel.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

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

std::string dicomData(const std::string& name) {
    return test::testDataDir() + "/dicom/" + name;
}

void copyFolder(const std::string& from, const std::string& to) {
    fs::create_directories(to);
    for (const auto& entry : fs::directory_iterator(from)) {
        const fs::path target = fs::path(to) / entry.path().filename();
        fs::copy_file(entry.path(), target);
        fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
    }
}

std::string reasonFor(const DicomScanResult& scan, const std::string& fileName) {
    for (const DicomSkippedFile& skipped : scan.skipped) {
        if (fs::path(skipped.path).filename() == fileName) {
            return skipped.reason;
        }
    }
    return "(not skipped)";
}

/// Records every progress call; asks to cancel once `cancelAfter` units are done.
class RecordingProgress : public Progress {
  public:
    explicit RecordingProgress(size_t cancelAfter = SIZE_MAX) : cancelAfter_(cancelAfter) {}
    bool update(const std::string& stage, size_t done, size_t total) override {
        calls.push_back({stage, done, total});
        return done < cancelAfter_;
    }
    struct Call {
        std::string stage;
        size_t done;
        size_t total;
    };
    std::vector<Call> calls;

  private:
    size_t cancelAfter_;
};

TEST(DicomScanner, NonImageObjectsAndOtherFilesAreSkippedWithAReason) {
    const DicomScanResult scan = scanDicomFolder(dicomData("non-image"));
    EXPECT_TRUE(scan.series.empty());
    EXPECT_EQ(reasonFor(scan, "rtstruct.dcm"), "RT Structure Set Storage is not an image");
    EXPECT_EQ(reasonFor(scan, "sr.dcm"), "Basic Text SR Storage is not an image");
    EXPECT_EQ(reasonFor(scan, "notes.txt"), "not a DICOM file");
    EXPECT_EQ(reasonFor(scan, "rtstruct.dump"), "not a DICOM file");
}

TEST(DicomScanner, FindsSeriesInSubfoldersBesideOtherFiles) {
    TempDir root;
    copyFolder(dicomData("hippo12"), root.file("patient/study/series"));
    copyFolder(dicomData("non-image"), root.file("patient/other"));
    fs::rename(root.file("patient/study/series/20.dcm"), root.file("patient/20-without-extension"));
    // An image file without pixel data is not part of the series.
    DcmFileFormat file;
    ASSERT_TRUE(file.loadFile(root.file("patient/study/series/21.dcm").c_str()).good());
    ASSERT_TRUE(file.loadAllDataIntoMemory().good());
    delete file.getDataset()->remove(DCM_PixelData);
    ASSERT_TRUE(file.saveFile(root.file("patient/study/series/21.dcm").c_str()).good());
    { std::ofstream(root.file("patient/DICOMDIR-like.bin")) << "garbage"; }

    const DicomScanResult scan = scanDicomFolder(root.path());
    ASSERT_EQ(scan.series.size(), 1u);
    const DicomSeries& series = scan.series.front();
    ASSERT_EQ(series.instances.size(), 11u);  // 12 minus the one without pixel data.
    EXPECT_EQ(series.seriesDescription, "HippoCrop");
    EXPECT_EQ(series.patientName, "Albus^Dumbledore");
    for (size_t k = 1; k < series.instances.size(); ++k) {  // Instance number order.
        EXPECT_LT(series.instances[k - 1].instanceNumber, series.instances[k].instanceNumber);
    }
    EXPECT_EQ(reasonFor(scan, "21.dcm"), "no pixel data (MR Image Storage)");
    EXPECT_EQ(reasonFor(scan, "rtstruct.dcm"), "RT Structure Set Storage is not an image");
    EXPECT_EQ(reasonFor(scan, "DICOMDIR-like.bin"), "not a DICOM file");
    EXPECT_EQ(scan.skipped.size(), 7u);  // 21.dcm, rtstruct, sr, two .dump, notes, garbage.
}

TEST(DicomScanner, RealRtStructIsSkipped) {
    SEGLOOP_REQUIRE_SHARED_DATA();
    TempDir folder;
    fs::copy_file(test::sharedDataDir() + "/rtstruct/rtss.dcm", folder.file("rtss.dcm"));
    fs::copy_file(test::sharedDataDir() + "/rtstruct/rtplan.dcm", folder.file("rtplan.dcm"));
    fs::copy_file(test::sharedDataDir() + "/rtstruct/ct.0.dcm", folder.file("ct.0.dcm"));
    const DicomScanResult scan = scanDicomFolder(folder.path());
    ASSERT_EQ(scan.series.size(), 1u);
    EXPECT_EQ(scan.series.front().modality, "CT");
    EXPECT_EQ(reasonFor(scan, "rtss.dcm"), "RT Structure Set Storage is not an image");
    EXPECT_EQ(reasonFor(scan, "rtplan.dcm"), "RT Plan Storage is not an image");
    const LoadedDicomSeries ct = loadDicomSeries(scan.series.front());
    EXPECT_EQ(ct.volume.geometry.size[2], 1);
}

TEST(DicomScanner, SeparatesSeriesByUid) {
    TempDir root;
    copyFolder(dicomData("hippo12"), root.file("a"));
    copyFolder(dicomData("hippo12"), root.file("b"));
    for (const auto& entry : fs::directory_iterator(root.file("b"))) {
        DcmFileFormat file;
        ASSERT_TRUE(file.loadFile(entry.path().c_str()).good());
        ASSERT_TRUE(file.loadAllDataIntoMemory().good());
        file.getDataset()->putAndInsertString(DCM_SeriesInstanceUID, "1.2.3.4.5");
        file.getDataset()->putAndInsertString(DCM_SeriesNumber, "7");
        ASSERT_TRUE(file.saveFile(entry.path().c_str()).good());
    }
    const DicomScanResult scan = scanDicomFolder(root.path());
    ASSERT_EQ(scan.series.size(), 2u);
    EXPECT_EQ(scan.series[0].instances.size(), 12u);
    EXPECT_EQ(scan.series[1].instances.size(), 12u);
    EXPECT_NE(scan.series[0].seriesInstanceUid, scan.series[1].seriesInstanceUid);
}

TEST(DicomScanner, ReportsProgressPerFileOnScanAndLoad) {
    RecordingProgress scanProgress;
    const DicomScanResult scan = scanDicomFolder(dicomData("hippo12"), &scanProgress);
    ASSERT_EQ(scan.series.size(), 1u);
    ASSERT_FALSE(scanProgress.calls.empty());
    EXPECT_EQ(scanProgress.calls.back().stage, "Reading DICOM");
    EXPECT_EQ(scanProgress.calls.back().done, 12u);
    EXPECT_EQ(scanProgress.calls.back().total, 12u);

    RecordingProgress loadProgress;
    loadDicomSeries(scan.series.front(), &loadProgress);
    ASSERT_FALSE(loadProgress.calls.empty());
    EXPECT_EQ(loadProgress.calls.front().done, 0u);
    EXPECT_EQ(loadProgress.calls.back().done, 12u);
    for (size_t i = 1; i < loadProgress.calls.size(); ++i) {
        EXPECT_GE(loadProgress.calls[i].done, loadProgress.calls[i - 1].done);
        EXPECT_EQ(loadProgress.calls[i].stage, "Reading DICOM");
    }
}

TEST(DicomScanner, CancelStopsScanAndLoad) {
    RecordingProgress cancelScan(3);
    EXPECT_THROW(scanDicomFolder(dicomData("hippo12"), &cancelScan), Cancelled);
    const DicomScanResult scan = scanDicomFolder(dicomData("hippo12"));
    RecordingProgress cancelLoad(3);
    EXPECT_THROW(loadDicomSeries(scan.series.front(), &cancelLoad), Cancelled);
}

TEST(DicomScanner, MissingFolderIsAnError) {
    try {
        scanDicomFolder("/no/such/folder");
        FAIL() << "no error";
    } catch (const Error& error) {
        EXPECT_EQ(std::string(error.what()), "/no/such/folder: folder does not exist");
    }
    TempDir empty;
    const DicomScanResult scan = scanDicomFolder(empty.path());
    EXPECT_TRUE(scan.series.empty());
    EXPECT_TRUE(scan.skipped.empty());
}

}  // namespace
}  // namespace segloop
