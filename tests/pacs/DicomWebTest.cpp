// DICOMweb against a real Orthanc (with its DICOMweb plugin) on loopback: STOW-RS of the shared
// MR series, QIDO-RS searches, WADO-RS retrieval into a folder, and what goes wrong.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/pacs/DicomFindScu.h"
#include "core/pacs/DicomWebClient.h"
#include "core/pacs/TransferCancelled.h"
#include "pacs/OrthancServer.h"
#include "pacs/PacsTestSupport.h"

namespace segloop {
namespace {

using test::OrthancServer;
using test::RecordingProgress;
using test::TempDir;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

class DicomWebTest : public ::testing::Test {
  protected:
    void SetUp() override {
        SEGLOOP_REQUIRE_ORTHANC();
        if (test::orthancDicomWebPlugin().empty()) {
            GTEST_SKIP() << "Orthanc's DICOMweb plugin is not installed: apt-get install "
                            "orthanc-dicomweb";
        }
        orthanc_ = std::make_unique<OrthancServer>();
        files_ = test::dicomFilesIn(test::hippoSeries("13_HCropVolume"));
        studyUid_ = test::dicomAttribute(files_.front(), DCM_StudyInstanceUID);
        seriesUid_ = test::dicomAttribute(files_.front(), DCM_SeriesInstanceUID);
    }

    DicomWebClient client() const { return DicomWebClient(orthanc_->web()); }

    std::unique_ptr<OrthancServer> orthanc_;
    std::vector<std::string> files_;
    std::string studyUid_;
    std::string seriesUid_;
};

TEST_F(DicomWebTest, StowQidoWadoRoundTrip) {
    RecordingProgress sending;
    const PacsStoreReport stored = client().storeFiles(files_, &sending);
    EXPECT_EQ(stored.stored, files_.size());
    EXPECT_TRUE(stored.warnings.empty());
    EXPECT_EQ(sending.calls.back().done, files_.size());

    PacsQuery byName;
    byName.patientName = "Chris*";
    byName.studyDateFrom = "20200101";
    const std::vector<PacsStudy> studies = client().searchStudies(byName);
    ASSERT_EQ(studies.size(), 1u);
    EXPECT_EQ(studies[0].patientId, "PGBM-002");
    EXPECT_EQ(studies[0].patientName, "Chrisjen^Avasarala");
    EXPECT_EQ(studies[0].studyInstanceUid, studyUid_);
    EXPECT_EQ(studies[0].studyDate, "20200119");
    EXPECT_EQ(studies[0].studyDescription, "MR RCBV SEQUENCE");
    EXPECT_EQ(studies[0].modalities, std::vector<std::string>{"MR"});
    EXPECT_EQ(studies[0].numberOfInstances, static_cast<int>(files_.size()));
    PacsQuery otherPatient;
    otherPatient.patientId = "PGBM-006";
    EXPECT_TRUE(client().searchStudies(otherPatient).empty());
    PacsQuery exactly;
    exactly.patientId = "PGBM-002";
    exactly.patientName = "Chrisjen^Avasarala";
    exactly.modality = "MR";
    EXPECT_EQ(client().searchStudies(exactly).size(), 1u);

    PacsQuery ofStudy;
    ofStudy.studyInstanceUid = studyUid_;
    const std::vector<PacsSeries> series = client().searchSeries(ofStudy);
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(series[0].seriesInstanceUid, seriesUid_);
    EXPECT_EQ(series[0].studyInstanceUid, studyUid_);
    EXPECT_EQ(series[0].modality, "MR");
    EXPECT_EQ(series[0].seriesDescription, "HippoCrop");
    EXPECT_EQ(series[0].numberOfInstances, static_cast<int>(files_.size()));

    TempDir destination;
    RecordingProgress retrieving;
    const std::vector<std::string> retrieved =
        client().retrieveSeries(studyUid_, seriesUid_, destination.file("wado"), &retrieving);
    EXPECT_EQ(retrieved.size(), files_.size());
    EXPECT_EQ(test::sopInstanceUids(retrieved), test::sopInstanceUids(files_));
    EXPECT_EQ(test::everythingIn(destination.file("wado")).size(), files_.size());
    EXPECT_EQ(retrieving.calls.back().done, files_.size());
    EXPECT_EQ(retrieving.calls.back().total, files_.size());
}

TEST_F(DicomWebTest, WhatStowSendsDimseFinds) {
    client().storeFiles(files_);
    PacsQuery byId;
    byId.patientId = "PGBM-002";
    EXPECT_EQ(DicomFindScu(orthanc_->node()).findStudies(byId).size(), 1u);
}

TEST_F(DicomWebTest, WadoCancelledAfterTheFirstFileLeavesNothing) {
    client().storeFiles(files_);
    TempDir destination;
    RecordingProgress stopAfterOne("Retrieving", 1);
    std::string message;
    try {
        client().retrieveSeries(studyUid_, seriesUid_, destination.path(), &stopAfterOne);
    } catch (const Cancelled& cancelled) {
        message = cancelled.what();
    }
    EXPECT_TRUE(contains(message, "http://127.0.0.1:" + std::to_string(orthanc_->httpPort())))
        << message;
    EXPECT_TRUE(contains(message, "transfer cancelled")) << message;
    EXPECT_TRUE(test::everythingIn(destination.path()).empty());
    PacsQuery all;
    EXPECT_EQ(client().searchStudies(all).size(), 1u) << "the server still answers";
}

TEST_F(DicomWebTest, StowCancelledAfterTheFirstFileKeepsWhatWasSent) {
    RecordingProgress stopAfterOne("Sending", 1);
    EXPECT_THROW(client().storeFiles(files_, &stopAfterOne), TransferCancelled);
    PacsQuery all;
    const std::vector<PacsSeries> series = client().searchSeries(all);
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(series[0].numberOfInstances, 1);
}

TEST_F(DicomWebTest, AMissingSeriesIsNotFound) {
    client().storeFiles(files_);
    TempDir destination;
    std::string message;
    try {
        client().retrieveSeries(studyUid_, "1.2.3.4.5.6.7.8.9", destination.path());
    } catch (const Error& error) {
        message = error.what();
    }
    EXPECT_TRUE(contains(message, "HTTP 404")) << message;
    EXPECT_TRUE(test::everythingIn(destination.path()).empty());
}

TEST_F(DicomWebTest, AWrongRootSaysHttp404) {
    DicomWebServer wrong = orthanc_->web();
    wrong.baseUrl = "http://127.0.0.1:" + std::to_string(orthanc_->httpPort()) + "/no-dicom-web";
    std::string message;
    try {
        DicomWebClient(wrong).searchStudies({});
    } catch (const Error& error) {
        message = error.what();
    }
    EXPECT_TRUE(contains(message, "/no-dicom-web: QIDO-RS search failed: HTTP 404")) << message;
}

TEST(DicomWebDownTest, NothingListeningIsConnectionRefused) {
    DicomWebServer server;
    server.baseUrl = "http://127.0.0.1:" + std::to_string(test::freeTcpPort()) + "/dicom-web";
    std::string message;
    try {
        DicomWebClient(server).searchSeries({});
    } catch (const Error& error) {
        message = error.what();
    }
    EXPECT_TRUE(contains(message, server.baseUrl + ": ")) << message;
    EXPECT_TRUE(contains(message, "connection refused")) << message;
}

TEST(DicomWebDownTest, AServerThatNeverAnswersTimesOut) {
    test::SilentPort silent;
    DicomWebServer server;
    server.baseUrl = "http://127.0.0.1:" + std::to_string(silent.port()) + "/dicom-web";
    server.stallTimeoutSeconds = 1;
    std::string message;
    try {
        DicomWebClient(server).searchStudies({});
    } catch (const Error& error) {
        message = error.what();
    }
    EXPECT_TRUE(contains(message, "the transfer stalled (nothing moved for 1 second)")) << message;
}

TEST(DicomWebDownTest, AnAddressThatIsNotHttpIsRefused) {
    DicomWebServer server;
    server.baseUrl = "ftp://pacs/dicom-web";
    EXPECT_THROW(DicomWebClient(server).searchStudies({}), Error);
}

}  // namespace
}  // namespace segloop
