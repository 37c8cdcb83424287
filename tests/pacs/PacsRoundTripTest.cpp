// The PACS round trip of a radiology team, headless, against a real Orthanc on loopback, over
// DIMSE and over DICOMweb: `segloop-cli pacs` sends the shared MR series, finds it, retrieves it
// into a project; a tiny model predicts it; `export --format dicom-seg` writes the SEG, `pacs
// send` stores it, `pacs find` finds it beside its series, and a second project that retrieves
// both gets the SEG as the series' label (its references are right).
#include <filesystem>

#include <gtest/gtest.h>

#include "integration/CliTestSupport.h"
#include "pacs/OrthancServer.h"
#include "pacs/PacsTestSupport.h"
#include "storage/Project.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::CommandResult;
using test::runCli;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// The first UID-looking word of the line after `header` in `text` (the CLI's find tables).
std::string firstUidAfter(const std::string& text, const std::string& header) {
    const size_t start = text.find(header);
    if (start == std::string::npos)
        return "";
    const size_t line = text.find('\n', start) + 1;
    return text.substr(line, text.find(' ', line) - line);
}

class PacsRoundTrip : public ::testing::TestWithParam<bool> {
  protected:
    void SetUp() override {
        SEGLOOP_REQUIRE_ORTHANC();
        if (GetParam() && test::orthancDicomWebPlugin().empty())
            GTEST_SKIP() << "the Orthanc DICOMweb plugin is not installed (orthanc-dicomweb)";
        orthanc_ = std::make_unique<test::OrthancServer>();
    }
    std::string configure(const std::string& project) {
        if (GetParam())
            return "pacs '" + project + "' configure --dicomweb " + orthanc_->web().baseUrl;
        const DicomNode node = orthanc_->node();
        return "pacs '" + project + "' configure --aet " + node.aeTitle + " --host " + node.host +
               " --port " + std::to_string(node.port) + " --local-aet " + node.localAeTitle +
               " --local-port " + std::to_string(node.localPort);
    }
    std::string newProject(const std::string& name) {
        const std::string folder = temp_.file(name);
        test::initProject(folder);
        const CommandResult configured = runCli(configure(folder));
        EXPECT_EQ(configured.exitCode, 0) << configured.output;
        return folder;
    }

    test::TempDir temp_;
    std::unique_ptr<test::OrthancServer> orthanc_;
};

TEST_P(PacsRoundTrip, SendFindRetrievePredictExportSendAndFindTheSeg) {
    const std::string a = newProject("a");
    ASSERT_EQ(runCli("pacs '" + a + "' echo").exitCode, 0);
    std::string files;
    for (const std::string& file : test::dicomFilesIn(test::hippoSeries("13_HCropVolume")))
        files += " '" + file + "'";
    const CommandResult sent = runCli("pacs '" + a + "' send" + files);
    ASSERT_EQ(sent.exitCode, 0) << sent.output;
    const CommandResult studies = runCli("pacs '" + a + "' find --modality MR");
    ASSERT_TRUE(contains(studies.output, "1 studies")) << studies.output;
    const std::string study = firstUidAfter(studies.output, "1 studies");
    const CommandResult series = runCli("pacs '" + a + "' find --study " + study);
    ASSERT_TRUE(contains(series.output, "1 series")) << series.output;
    const std::string mr = firstUidAfter(series.output, "1 series");
    const CommandResult retrieved = runCli("pacs '" + a + "' retrieve " + study + " " + mr);
    ASSERT_EQ(retrieved.exitCode, 0) << retrieved.output << orthanc_->logTail();
    EXPECT_TRUE(contains(retrieved.output, "imported 1 volumes")) << retrieved.output;

    // A tiny model trained on two labelled NIfTI cases predicts the retrieved series.
    test::importHippocampus(a, {"001", "003"}, {});
    ASSERT_EQ(runCli("train '" + a +
                     "' --method supervised --iterations 2 --base-channels 4 "
                     "--levels 3 --patch 16x16x16 --device cpu --optimizer adam --threads 1 "
                     "--no-quality")
                  .exitCode,
              0);
    ASSERT_EQ(runCli("predict '" + a + "' --no-regions").exitCode, 0);
    const std::string out = temp_.file("out");
    const CommandResult exported =
        runCli("export '" + a + "' '" + out + "' --format dicom-seg --include pseudo");
    ASSERT_EQ(exported.exitCode, 0) << exported.output;
    const std::vector<fs::path> segs(fs::directory_iterator(out + "/seg"), {});
    ASSERT_EQ(segs.size(), 1u);
    ASSERT_EQ(runCli("pacs '" + a + "' send '" + segs.front().string() + "'").exitCode, 0);

    // The SEG is on the node, in the series' study, beside it.
    const CommandResult both = runCli("pacs '" + a + "' find --study " + study);
    ASSERT_TRUE(contains(both.output, "2 series")) << both.output;
    EXPECT_TRUE(contains(both.output, " SEG ")) << both.output;
    std::string seg;
    for (size_t at = both.output.find('\n') + 1; at < both.output.size();
         at = both.output.find('\n', at) + 1) {
        const std::string uid = both.output.substr(at, both.output.find(' ', at) - at);
        if (!uid.empty() && uid != mr)
            seg = uid;
        if (both.output.find('\n', at) == std::string::npos)
            break;
    }
    ASSERT_FALSE(seg.empty()) << both.output;

    // Another project retrieves the series and the SEG: the SEG is the series' label.
    const std::string b = newProject("b");
    ASSERT_EQ(runCli("pacs '" + b + "' retrieve " + study + " " + mr).exitCode, 0);
    const CommandResult labels = runCli("pacs '" + b + "' retrieve " + study + " " + seg);
    ASSERT_EQ(labels.exitCode, 0) << labels.output;
    EXPECT_TRUE(contains(labels.output, "0 volumes and 1 label files")) << labels.output;
    Project reader = Project::open(b);
    const int64_t volume = reader.volumes().list().at(0).volumeId;
    ASSERT_TRUE(reader.labels().labelOfRecord(volume).has_value());

    // A wrong AE title: refused with a message naming the node, nothing imported.
    if (!GetParam()) {
        const CommandResult wrong =
            runCli("pacs '" + b + "' echo --aet NOT_ORTHANC --host 127.0.0.1 --port " +
                   std::to_string(orthanc_->node().port));
        EXPECT_EQ(wrong.exitCode, 1);
        EXPECT_TRUE(contains(wrong.output, "NOT_ORTHANC")) << wrong.output;
    }
}

INSTANTIATE_TEST_SUITE_P(Protocols, PacsRoundTrip, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "DicomWeb" : "Dimse"; });

}  // namespace
}  // namespace segloop
