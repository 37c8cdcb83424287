// DIMSE against a real Orthanc on loopback: C-ECHO, C-STORE of the shared MR series, C-FIND of
// studies and series, and C-MOVE / C-GET back into a folder with the same SOP instances.
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/pacs/DicomEchoScu.h"
#include "core/pacs/DicomFindScu.h"
#include "core/pacs/DicomGetScu.h"
#include "core/pacs/DicomMoveScu.h"
#include "core/pacs/DicomStoreScu.h"
#include "pacs/OrthancServer.h"
#include "pacs/PacsTestSupport.h"

namespace segloop {
namespace {

using test::OrthancServer;
using test::RecordingProgress;
using test::TempDir;

class PacsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        SEGLOOP_REQUIRE_ORTHANC();
        orthanc_ = std::make_unique<OrthancServer>();
        first_ = test::dicomFilesIn(test::hippoSeries("13_HCropVolume"));
        second_ = test::dicomFilesIn(test::hippoSeries("14_HCropVolume"));
    }

    /// Both series on the node; returns the study and series UIDs of the first.
    void uploadBoth() {
        const PacsStoreReport first = DicomStoreScu(orthanc_->node()).storeFiles(first_);
        ASSERT_EQ(first.stored, first_.size());
        EXPECT_TRUE(first.warnings.empty());
        ASSERT_EQ(DicomStoreScu(orthanc_->node()).storeFiles(second_).stored, second_.size());
        studyUid_ = test::dicomAttribute(first_.front(), DCM_StudyInstanceUID);
        seriesUid_ = test::dicomAttribute(first_.front(), DCM_SeriesInstanceUID);
    }

    std::unique_ptr<OrthancServer> orthanc_;
    std::vector<std::string> first_;   ///< PGBM-002 "Chrisjen^Avasarala", 20200119, 32 slices
    std::vector<std::string> second_;  ///< PGBM-006 "Thanos^Inevitable", 20200121
    std::string studyUid_;
    std::string seriesUid_;
};

TEST_F(PacsTest, EchoAnswers) {
    EXPECT_NO_THROW(echoDicomNode(orthanc_->node()));
}

TEST_F(PacsTest, StoreReportsProgressPerFile) {
    RecordingProgress progress;
    const PacsStoreReport report = DicomStoreScu(orthanc_->node()).storeFiles(first_, &progress);
    EXPECT_EQ(report.stored, first_.size());
    ASSERT_EQ(progress.calls.size(), first_.size() + 1);
    EXPECT_EQ(progress.calls.front().stage, "Sending");
    EXPECT_EQ(progress.calls.back().done, first_.size());
    EXPECT_EQ(progress.calls.back().total, first_.size());
}

TEST_F(PacsTest, FindsStudiesByTheUsualKeys) {
    uploadBoth();
    const DicomFindScu find(orthanc_->node());
    EXPECT_EQ(find.findStudies({}).size(), 2u);

    PacsQuery byName;
    byName.patientName = "Chris*";
    const std::vector<PacsStudy> named = find.findStudies(byName);
    ASSERT_EQ(named.size(), 1u);
    EXPECT_EQ(named[0].patientId, "PGBM-002");
    EXPECT_EQ(named[0].patientName, "Chrisjen^Avasarala");
    EXPECT_EQ(named[0].studyInstanceUid, studyUid_);
    EXPECT_EQ(named[0].studyDate, "20200119");
    EXPECT_EQ(named[0].studyDescription, "MR RCBV SEQUENCE");
    EXPECT_EQ(named[0].modalities, std::vector<std::string>{"MR"});
    EXPECT_EQ(named[0].numberOfSeries, 1);
    EXPECT_EQ(named[0].numberOfInstances, static_cast<int>(first_.size()));

    PacsQuery byDate;
    byDate.studyDateFrom = "20200120";
    byDate.studyDateTo = "20200131";
    const std::vector<PacsStudy> dated = find.findStudies(byDate);
    ASSERT_EQ(dated.size(), 1u);
    EXPECT_EQ(dated[0].patientId, "PGBM-006");

    PacsQuery byId;
    byId.patientId = "PGBM-002";
    byId.modality = "MR";
    EXPECT_EQ(find.findStudies(byId).size(), 1u);
    PacsQuery wrongModality;
    wrongModality.modality = "CT";
    EXPECT_TRUE(find.findStudies(wrongModality).empty());
}

TEST_F(PacsTest, FindsSeriesOfAStudyAndAcrossStudies) {
    uploadBoth();
    const DicomFindScu find(orthanc_->node());
    PacsQuery ofStudy;
    ofStudy.studyInstanceUid = studyUid_;
    RecordingProgress progress;
    const std::vector<PacsSeries> series = find.findSeries(ofStudy, &progress);
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(series[0].studyInstanceUid, studyUid_);
    EXPECT_EQ(series[0].seriesInstanceUid, seriesUid_);
    EXPECT_EQ(series[0].modality, "MR");
    EXPECT_EQ(series[0].seriesDescription, "HippoCrop");
    EXPECT_EQ(series[0].numberOfInstances, static_cast<int>(first_.size()));
    ASSERT_FALSE(progress.calls.empty());
    EXPECT_EQ(progress.calls.back().stage, "Searching");
    EXPECT_EQ(progress.calls.back().done, 1u);

    PacsQuery byDescription;
    byDescription.seriesDescription = "Hippo*";
    EXPECT_EQ(find.findSeries(byDescription).size(), 2u);
    PacsQuery byUid;
    byUid.seriesInstanceUid = seriesUid_;
    ASSERT_EQ(find.findSeries(byUid).size(), 1u);
    EXPECT_EQ(find.findSeries(byUid)[0].studyInstanceUid, studyUid_);
}

TEST_F(PacsTest, MoveRetrievesTheSameInstancesIntoAFolder) {
    uploadBoth();
    TempDir destination;
    const std::string folder = destination.file("moved");
    RecordingProgress progress;
    const std::vector<std::string> files =
        DicomMoveScu(orthanc_->node()).retrieveSeries(studyUid_, seriesUid_, folder, &progress);
    EXPECT_EQ(files.size(), first_.size());
    EXPECT_EQ(test::sopInstanceUids(files), test::sopInstanceUids(first_));
    EXPECT_EQ(test::everythingIn(folder).size(), first_.size()) << "no temporary file is left";
    for (const std::string& file : files) {
        const std::string uid = test::dicomAttribute(file, DCM_SOPInstanceUID);
        EXPECT_EQ(std::filesystem::path(file).filename().string(), uid + ".dcm");
    }
    ASSERT_FALSE(progress.calls.empty());
    EXPECT_EQ(progress.calls.back().stage, "Retrieving");
    EXPECT_EQ(progress.calls.back().done, first_.size());
    EXPECT_EQ(progress.calls.back().total, first_.size());
}

TEST_F(PacsTest, GetRetrievesTheSameInstancesWithoutAPort) {
    uploadBoth();
    TempDir destination;
    RecordingProgress progress;
    const std::vector<std::string> files =
        DicomGetScu(orthanc_->node())
            .retrieveSeries(studyUid_, seriesUid_, destination.path(), &progress);
    EXPECT_EQ(files.size(), first_.size());
    EXPECT_EQ(test::sopInstanceUids(files), test::sopInstanceUids(first_));
    EXPECT_EQ(test::everythingIn(destination.path()).size(), first_.size());
    EXPECT_EQ(progress.calls.back().done, first_.size());
}

TEST_F(PacsTest, StoresASegmentationAndAnRtStructAndGetsTheSegBack) {
    const std::string seg = test::sharedDataDir() + "/dicom-seg/liver.dcm";
    const std::string rtstruct = test::sharedDataDir() + "/rtstruct/rtss.dcm";
    if (!std::filesystem::exists(seg) || !std::filesystem::exists(rtstruct)) {
        GTEST_SKIP() << "the shared SEG or RTSTRUCT is absent";
    }
    EXPECT_EQ(DicomStoreScu(orthanc_->node()).storeFiles({seg, rtstruct}).stored, 2u);
    const DicomFindScu find(orthanc_->node());
    PacsQuery segs;
    segs.modality = "SEG";
    const std::vector<PacsSeries> found = find.findSeries(segs);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].seriesInstanceUid, test::dicomAttribute(seg, DCM_SeriesInstanceUID));
    PacsQuery structures;
    structures.modality = "RTSTRUCT";
    EXPECT_EQ(find.findSeries(structures).size(), 1u);

    TempDir destination;
    const std::vector<std::string> files =
        DicomGetScu(orthanc_->node())
            .retrieveSeries(found[0].studyInstanceUid, found[0].seriesInstanceUid,
                            destination.path());
    EXPECT_EQ(test::sopInstanceUids(files), test::sopInstanceUids({seg}));
}

TEST_F(PacsTest, DecompressesForANodeThatTakesOnlyUncompressedFiles) {
    orthanc_ = std::make_unique<OrthancServer>(test::OrthancOptions{false});
    const std::string compressed = test::testDataDir() + "/dicom/hippo12-jpeg-lossless";
    const std::string original = test::testDataDir() + "/dicom/hippo12";
    const std::vector<std::string> jpegFiles = test::dicomFilesIn(compressed);
    ASSERT_EQ(DicomStoreScu(orthanc_->node()).storeFiles(jpegFiles).stored, jpegFiles.size());

    TempDir destination;
    const std::vector<std::string> files =
        DicomGetScu(orthanc_->node())
            .retrieveSeries(test::dicomAttribute(jpegFiles[0], DCM_StudyInstanceUID),
                            test::dicomAttribute(jpegFiles[0], DCM_SeriesInstanceUID),
                            destination.path());
    ASSERT_EQ(files.size(), jpegFiles.size());
    for (const std::string& file : files) {
        EXPECT_EQ(test::dicomAttribute(file, DCM_TransferSyntaxUID),
                  UID_LittleEndianExplicitTransferSyntax);
        const std::string name = std::filesystem::path(file).filename().string();
        bool matched = false;
        for (const std::string& source : test::dicomFilesIn(original)) {
            if (test::dicomAttribute(source, DCM_SOPInstanceUID) + ".dcm" == name) {
                EXPECT_EQ(test::pixelBytes(file), test::pixelBytes(source)) << name;
                matched = true;
            }
        }
        EXPECT_TRUE(matched) << name;
    }
}

TEST_F(PacsTest, RetrievingASeriesTheNodeDoesNotHaveSaysSo) {
    uploadBoth();
    TempDir destination;
    const std::string missing = "1.2.3.4.5.6.7.8.9";
    try {
        DicomGetScu(orthanc_->node()).retrieveSeries(studyUid_, missing, destination.path());
        FAIL() << "a missing series was retrieved";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find(missing), std::string::npos) << error.what();
        EXPECT_NE(std::string(error.what()).find("answered with status 0x"), std::string::npos)
            << error.what();
        EXPECT_NE(std::string(error.what()).find("ORTHANC_TEST@127.0.0.1"), std::string::npos)
            << error.what();
    }
    EXPECT_TRUE(test::everythingIn(destination.path()).empty());
}

}  // namespace
}  // namespace segloop
