// The PACS value types without a PACS: node and query validation, DICOM JSON answers, and the
// all-or-nothing folder of received files.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/pacs/DicomJson.h"
#include "core/pacs/DicomNode.h"
#include "core/pacs/HttpSession.h"
#include "core/pacs/PacsQuery.h"
#include "core/pacs/ReceivedFiles.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

std::string problemOf(const DicomNode& node) {
    try {
        validateDicomNode(node);
    } catch (const Error& error) {
        return error.what();
    }
    return {};
}

TEST(PacsValuesTest, NodeValidationNamesTheProblem) {
    DicomNode node;
    node.aeTitle = "PACS";
    node.host = "pacs.example.org";
    node.port = 4242;
    EXPECT_EQ(describeDicomNode(node), "PACS@pacs.example.org:4242");
    EXPECT_EQ(problemOf(node), "");
    node.aeTitle = "SEVENTEEN_LETTERS";
    EXPECT_NE(problemOf(node).find("is 17 characters long (at most 16)"), std::string::npos);
    node.aeTitle = "";
    EXPECT_NE(problemOf(node).find("the node's AE title is empty"), std::string::npos);
    node.aeTitle = "BACK\\SLASH";
    EXPECT_NE(problemOf(node).find("not allowed"), std::string::npos);
    node.aeTitle = "PACS";
    node.port = 0;
    EXPECT_NE(problemOf(node).find("the node's port is 0 (a TCP port is 1 to 65535)"),
              std::string::npos);
    node.port = 104;
    node.localPort = 70000;
    EXPECT_NE(problemOf(node).find("our own port is 70000"), std::string::npos);
    node.localPort = 11112;
    node.localAeTitle = "   ";
    EXPECT_NE(problemOf(node).find("our own AE title is only spaces"), std::string::npos);
}

TEST(PacsValuesTest, QueryDatesAndUids) {
    PacsQuery query;
    EXPECT_EQ(studyDateRange(query), "");
    query.studyDateFrom = "20200101";
    EXPECT_EQ(studyDateRange(query), "20200101-");
    query.studyDateTo = "20201231";
    EXPECT_EQ(studyDateRange(query), "20200101-20201231");
    EXPECT_NO_THROW(validatePacsQuery(query));
    query.studyDateTo = "20191231";
    EXPECT_THROW(validatePacsQuery(query), Error);
    query.studyDateTo = "2020-12-31";
    EXPECT_THROW(validatePacsQuery(query), Error);
    query.studyDateTo.clear();
    query.studyInstanceUid = "1.2.3; DROP";
    EXPECT_THROW(validatePacsQuery(query), Error);
}

TEST(PacsValuesTest, QidoJsonBecomesStructs) {
    const std::string json = R"([{
        "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Doe^Jane"}]},
        "00100020": {"vr": "LO", "Value": ["P1"]},
        "0020000D": {"vr": "UI", "Value": ["1.2.3"]},
        "00080020": {"vr": "DA", "Value": ["20200119"]},
        "00080061": {"vr": "CS", "Value": ["MR", "SEG"]},
        "00201206": {"vr": "IS", "Value": [2]},
        "00201208": {"vr": "IS", "Value": ["64"]},
        "00081030": {"vr": "LO"}
    }])";
    const std::vector<PacsStudy> studies = parseQidoStudies(json, "server");
    ASSERT_EQ(studies.size(), 1u);
    EXPECT_EQ(studies[0].patientName, "Doe^Jane");
    EXPECT_EQ(studies[0].patientId, "P1");
    EXPECT_EQ(studies[0].studyInstanceUid, "1.2.3");
    EXPECT_EQ(studies[0].modalities, (std::vector<std::string>{"MR", "SEG"}));
    EXPECT_EQ(studies[0].numberOfSeries, 2);
    EXPECT_EQ(studies[0].numberOfInstances, 64);
    EXPECT_EQ(studies[0].studyDescription, "");
    EXPECT_TRUE(parseQidoSeries("", "server").empty());
    EXPECT_THROW(parseQidoSeries("<html>", "server"), Error);
    EXPECT_THROW(parseQidoSeries("{}", "server"), Error);
}

TEST(PacsValuesTest, QueryValuesKeepWildcardsAndCarets) {
    EXPECT_EQ(escapeQueryValue("Doe^J*n?"), "Doe^J*n?");
    EXPECT_EQ(escapeQueryValue("PGBM-002"), "PGBM-002");
    EXPECT_EQ(escapeQueryValue("a b&c=d+e%f#"), "a%20b%26c%3Dd%2Be%25f%23");
    EXPECT_EQ(escapeQueryValue("Müller"), "M%C3%BCller");
}

TEST(PacsValuesTest, StowAnswerFailuresAndWarnings) {
    const std::string json = R"({
        "00081199": {"vr": "SQ", "Value": [
            {"00081155": {"vr": "UI", "Value": ["1.1"]}},
            {"00081155": {"vr": "UI", "Value": ["1.2"]}, "00081196": {"vr": "US", "Value": [45056]}}]},
        "00081198": {"vr": "SQ", "Value": [
            {"00081155": {"vr": "UI", "Value": ["1.3"]}, "00081197": {"vr": "US", "Value": [42752]}}]}
    })";
    const StowOutcome outcome = parseStowResponse(json, "server");
    EXPECT_EQ(outcome.stored, (std::vector<std::string>{"1.1", "1.2"}));
    EXPECT_EQ(outcome.warnings, std::vector<std::string>{"1.2: warning 0xB000"});
    EXPECT_EQ(outcome.failures, std::vector<std::string>{"1.3: failure 0xA700"});
}

TEST(PacsValuesTest, ReceivedFilesAreAllOrNothing) {
    test::TempDir folder;
    const std::string destination = folder.file("series");
    {
        ReceivedFiles files(destination);
        std::ofstream(files.reserve()) << "first";
        const std::string second = files.reserve();
        std::ofstream(second) << "second";
        files.accept(second, "1.2.3");
        EXPECT_EQ(std::distance(std::filesystem::directory_iterator(destination),
                                std::filesystem::directory_iterator()),
                  2);
    }
    EXPECT_TRUE(std::filesystem::is_empty(destination)) << "nothing committed, nothing left";

    ReceivedFiles files(destination);
    const std::string a = files.reserve();
    std::ofstream(a) << "a";
    files.accept(a, "1.2.3");
    const std::string b = files.reserve();
    std::ofstream(b) << "b";
    files.accept(b, "1.2/../4");  // a node may send anything as a UID
    const std::vector<std::string> committed = files.commit();
    ASSERT_EQ(committed.size(), 2u);
    EXPECT_EQ(committed[0], destination + "/1.2.3.dcm");
    EXPECT_EQ(committed[1], destination + "/1.2_.._4.dcm");
}

}  // namespace
}  // namespace segloop
