// Races (issue 30): two `segloop-cli review-queue --take` processes hand out the same review
// queue at the same moment. Each walks the whole queue in the same order, so they contend for
// every case; a case must go to one reviewer only, and the project must record that reviewer.
#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "integration/CliTestSupport.h"
#include "storage/StorageTestSupport.h"

namespace segloop {
namespace {

constexpr int kCases = 60;

/// A project of `kCases` volumes, each with a pseudo-label and no label of record.
void makeQueueProject(const std::string& folder) {
    test::ProjectFixture fixture(folder);
    Project& project = fixture.project;
    const int64_t model = project.models().add({0, "segmentation", 0, "sgrs", "", "", "{}"});
    const Volume image = test::makeVolume({6, 5, 4});
    for (int n = 0; n < kCases; ++n) {
        const int64_t volumeId = project.volumes().importVolume(
            test::makeMetadata("1.2.3.9." + std::to_string(n + 1), 4), image);
        NewLabelVersion pseudo;
        pseudo.volumeId = volumeId;
        pseudo.labelSetId = fixture.labelSetId;
        pseudo.provenance = LabelProvenance::Pseudo;
        pseudo.modelId = model;
        project.labels().add(pseudo, test::makeLabels(image.geometry));
    }
}

/// The volume ids of the table that follows "Taken for review by REVIEWER: N cases" in the
/// output of `review-queue --take`; fails the test when the line or N rows are missing.
std::vector<int64_t> takenVolumes(const std::string& output, const std::string& reviewer) {
    const std::string heading = "Taken for review by " + reviewer + ": ";
    const size_t at = output.find(heading);
    EXPECT_NE(at, std::string::npos) << output;
    if (at == std::string::npos)
        return {};
    std::istringstream lines(output.substr(at + heading.size()));
    size_t count = 0;
    lines >> count;
    std::string line;
    std::getline(lines, line);  // the rest of the heading
    std::getline(lines, line);  // the table's column names
    std::vector<int64_t> volumes;
    while (std::getline(lines, line)) {
        std::istringstream row(line);
        size_t rank = 0;
        int64_t volumeId = 0;
        if (row >> rank >> volumeId)
            volumes.push_back(volumeId);
    }
    EXPECT_EQ(volumes.size(), count) << output;
    return volumes;
}

TEST(ReviewHandOutRace, TwoProcessesTakingAtOnceNeverGetTheSameCase) {
    test::TempDir temp;
    const std::string project = temp.file("project");
    makeQueueProject(project);

    // Both processes wait for the same start file, then take the whole queue. Their outputs go
    // to files; the shell waits for both and fails when either failed (a sanitizer report, a
    // crash or an error exits non-zero).
    const std::string go = temp.file("go");
    std::string script;
    for (const char* reviewer : {"alice", "bob"}) {
        script += "(while [ ! -e '" + go + "' ]; do sleep 0.01; done; exec '" + test::cliPath() +
                  "' review-queue '" + project + "' --take " + std::to_string(kCases) +
                  " --reviewer " + reviewer + " >'" + temp.file(reviewer) + ".out' 2>&1; ) & pid_" +
                  reviewer + "=$!; ";
    }
    script += "sleep 0.2; touch '" + go +
              "'; status=0; wait $pid_alice || status=1; "
              "wait $pid_bob || status=1; exit $status";
    const test::CommandResult both = test::runCommand(script);
    ASSERT_EQ(both.exitCode, 0) << both.output;

    std::map<int64_t, std::string> takenBy;
    size_t handedOut = 0;
    for (const std::string reviewer : {"alice", "bob"}) {
        const std::string output = test::fileBytes(temp.file(reviewer) + ".out");
        const std::vector<int64_t> taken = takenVolumes(output, reviewer);
        for (const int64_t volumeId : taken) {
            const auto [earlier, fresh] = takenBy.emplace(volumeId, reviewer);
            EXPECT_TRUE(fresh) << "volume " << volumeId << " was handed to " << earlier->second
                               << " and to " << reviewer;
        }
        handedOut += taken.size();
        // How the queue was shared (not asserted: it depends on how the processes interleave).
        std::printf("%s took %zu cases\n", reviewer.c_str(), taken.size());
    }
    EXPECT_EQ(handedOut, size_t(kCases)) << "every case is handed out exactly once";

    // The project agrees with what each process printed.
    Project opened = Project::open(project);
    const std::vector<ReviewRecord> inReview = opened.reviews().list(ReviewState::InReview);
    EXPECT_EQ(inReview.size(), size_t(kCases));
    for (const ReviewRecord& review : inReview) {
        const auto printed = takenBy.find(review.volumeId);
        ASSERT_NE(printed, takenBy.end()) << "volume " << review.volumeId << " in review unseen";
        EXPECT_EQ(review.reviewer, printed->second) << "volume " << review.volumeId;
    }
}

}  // namespace
}  // namespace segloop
