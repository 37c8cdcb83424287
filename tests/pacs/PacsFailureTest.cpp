// What goes wrong with a PACS, and what the user reads: node down, wrong called AE title, our
// AE title unknown to the node, our C-MOVE port taken, and transfers cancelled half way, which
// leave no file behind and the node still usable.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/pacs/DicomEchoScu.h"
#include "core/pacs/DicomFindScu.h"
#include "core/pacs/DicomGetScu.h"
#include "core/pacs/DicomMoveScu.h"
#include "core/pacs/DicomStoreScu.h"
#include "core/pacs/TransferCancelled.h"
#include "pacs/OrthancServer.h"
#include "pacs/PacsTestSupport.h"

namespace segloop {
namespace {

using test::OrthancServer;
using test::RecordingProgress;
using test::TempDir;

/// The message of the segloop::Error that `action` throws ("" when it throws none).
template <typename Action>
std::string errorOf(Action action) {
    try {
        action();
    } catch (const Error& error) {
        return error.what();
    }
    return {};
}

template <typename Action>
std::string cancelOf(Action action) {
    try {
        action();
    } catch (const Cancelled& cancelled) {
        return cancelled.what();
    }
    return {};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(PacsNodeDownTest, NothingListeningIsConnectionRefused) {
    DicomNode node;
    node.aeTitle = "PACS";
    node.host = "127.0.0.1";
    node.port = test::freeTcpPort();
    const std::string message = errorOf([&] { echoDicomNode(node); });
    EXPECT_TRUE(contains(message, "PACS@127.0.0.1:" + std::to_string(node.port) + ": ")) << message;
    EXPECT_TRUE(contains(message, "connection refused")) << message;
}

TEST(PacsNodeDownTest, ANodeThatNeverAnswersTimesOut) {
    test::SilentPort silent;
    DicomNode node;
    node.aeTitle = "HUNG";
    node.host = "127.0.0.1";
    node.port = silent.port();
    node.connectTimeoutSeconds = 1;
    const std::string message = errorOf([&] { echoDicomNode(node); });
    EXPECT_TRUE(contains(message, "HUNG@127.0.0.1")) << message;
    EXPECT_TRUE(contains(message, "no answer to the association request within 1 second"))
        << message;
}

TEST(PacsNodeDownTest, AnInvalidNodeIsRefusedBeforeConnecting) {
    DicomNode node;
    node.aeTitle = "A_TITLE_OF_17_CHR";
    node.host = "127.0.0.1";
    EXPECT_TRUE(contains(errorOf([&] { echoDicomNode(node); }), "at most 16"));
}

class PacsFailureTest : public ::testing::Test {
  protected:
    void SetUp() override {
        SEGLOOP_REQUIRE_ORTHANC();
        orthanc_ = std::make_unique<OrthancServer>();
        files_ = test::dicomFilesIn(test::hippoSeries("13_HCropVolume"));
    }

    void upload() {
        DicomStoreScu(orthanc_->node()).storeFiles(files_);
        studyUid_ = test::dicomAttribute(files_.front(), DCM_StudyInstanceUID);
        seriesUid_ = test::dicomAttribute(files_.front(), DCM_SeriesInstanceUID);
    }

    /// The node answers normally after whatever the test did to it.
    void expectNodeStillWorks() {
        EXPECT_NO_THROW(echoDicomNode(orthanc_->node()));
        PacsQuery all;
        EXPECT_EQ(DicomFindScu(orthanc_->node()).findStudies(all).size(), 1u);
    }

    std::unique_ptr<OrthancServer> orthanc_;
    std::vector<std::string> files_;
    std::string studyUid_;
    std::string seriesUid_;
};

TEST_F(PacsFailureTest, AWrongCalledAeTitleIsNamed) {
    DicomNode node = orthanc_->node();
    node.aeTitle = "NOT_ORTHANC";
    const std::string message = errorOf([&] { echoDicomNode(node); });
    EXPECT_TRUE(contains(message, "NOT_ORTHANC@127.0.0.1")) << message;
    EXPECT_TRUE(contains(message, "association rejected")) << message;
    EXPECT_TRUE(contains(message, "called AE title \"NOT_ORTHANC\"")) << message;
}

TEST_F(PacsFailureTest, AnUnknownCallingAeTitleIsRejected) {
    DicomNode node = orthanc_->node();
    node.localAeTitle = "STRANGER";
    const std::string message = errorOf([&] { echoDicomNode(node); });
    EXPECT_TRUE(contains(message, "ORTHANC_TEST@127.0.0.1")) << message;
    EXPECT_TRUE(contains(message, "association rejected")) << message;
    EXPECT_TRUE(contains(message, "our AE title \"STRANGER\"")) << message;
}

TEST_F(PacsFailureTest, MoveSaysWhenOurPortIsTaken) {
    upload();
    const int blocker = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    address.sin_port = htons(static_cast<uint16_t>(orthanc_->ourPort()));
    ASSERT_EQ(::bind(blocker, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    ASSERT_EQ(::listen(blocker, 1), 0);
    TempDir destination;
    const std::string message = errorOf([&] {
        DicomMoveScu(orthanc_->node()).retrieveSeries(studyUid_, seriesUid_, destination.path());
    });
    ::close(blocker);
    EXPECT_TRUE(
        contains(message, "cannot listen on our port " + std::to_string(orthanc_->ourPort())))
        << message;
}

TEST_F(PacsFailureTest, MoveCancelledAfterTheFirstFileLeavesNothing) {
    upload();
    TempDir destination;
    RecordingProgress stopAfterOne("Retrieving", 1);
    const std::string message = cancelOf([&] {
        DicomMoveScu(orthanc_->node())
            .retrieveSeries(studyUid_, seriesUid_, destination.path(), &stopAfterOne);
    });
    EXPECT_TRUE(contains(message, "ORTHANC_TEST@127.0.0.1")) << message;
    EXPECT_TRUE(contains(message, "transfer cancelled")) << message;
    EXPECT_TRUE(test::everythingIn(destination.path()).empty());
    expectNodeStillWorks();
}

TEST_F(PacsFailureTest, GetCancelledAfterTheFirstFileLeavesNothing) {
    upload();
    TempDir destination;
    RecordingProgress stopAfterOne("Retrieving", 1);
    const std::string message = cancelOf([&] {
        DicomGetScu(orthanc_->node())
            .retrieveSeries(studyUid_, seriesUid_, destination.path(), &stopAfterOne);
    });
    EXPECT_TRUE(contains(message, "transfer cancelled")) << message;
    EXPECT_TRUE(test::everythingIn(destination.path()).empty());
    expectNodeStillWorks();
}

TEST_F(PacsFailureTest, FindCancelledAfterTheFirstMatch) {
    upload();
    RecordingProgress stopAfterOne("Searching", 1);
    PacsQuery all;
    const std::string message =
        cancelOf([&] { DicomFindScu(orthanc_->node()).findSeries(all, &stopAfterOne); });
    EXPECT_TRUE(contains(message, "transfer cancelled")) << message;
    expectNodeStillWorks();
}

TEST_F(PacsFailureTest, StoreCancelledAfterTheFirstFileAbortsAndSaysSo) {
    RecordingProgress stopAfterOne("Sending", 1);
    const std::string message =
        cancelOf([&] { DicomStoreScu(orthanc_->node()).storeFiles(files_, &stopAfterOne); });
    EXPECT_TRUE(contains(message, "transfer cancelled (1 of 32 files had been sent")) << message;
    PacsQuery all;
    const std::vector<PacsSeries> series = DicomFindScu(orthanc_->node()).findSeries(all);
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(series[0].numberOfInstances, 1);
}

TEST_F(PacsFailureTest, StoringAFileThatIsNotDicomNamesIt) {
    TempDir folder;
    const std::string text = folder.file("notes.txt");
    std::ofstream(text) << "not DICOM";
    const std::string message = errorOf([&] {
        DicomStoreScu(orthanc_->node()).storeFiles({files_.front(), text});
    });
    EXPECT_TRUE(contains(message, "notes.txt")) << message;
    PacsQuery all;
    EXPECT_TRUE(DicomFindScu(orthanc_->node()).findStudies(all).empty()) << "nothing was sent";
}

}  // namespace
}  // namespace segloop
