// The review loop headless: `predict --all` on a labelled project changes no label of record, no
// export and no training split; `review --accept/--reject/--release`, `revert`, `export
// --include/--per-class` and `review-queue --mine` on a real project and the real binary.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "CliTestSupport.h"
#include "core/io/NiftiReader.h"
#include "storage/Project.h"

namespace segloop {
namespace {

using namespace test;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The label-version column of a manifest, file by file.
std::string manifestVersions(const std::string& path) {
    std::istringstream in(readFile(path));
    std::string out;
    for (std::string line; std::getline(in, line);) {
        std::istringstream cells(line);
        std::string file, volume, source, uid, version;
        std::getline(cells, file, ',');
        std::getline(cells, volume, ',');
        std::getline(cells, source, ',');
        std::getline(cells, uid, ',');
        std::getline(cells, version, ',');
        out += file + "=" + version + ";";
    }
    return out;
}

const char* const kTiny =
    " --method supervised --iterations 2 --base-channels 4 --levels 3 --patch 16x16x16"
    " --device cpu --optimizer adam --threads 1 --no-quality";

TEST(CliReviewLoop, PredictAllLeavesLabelsOfRecordExportsAndSplitsAlone) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    importHippocampus(project, {"001", "003", "004"}, {"006"});
    const CommandResult first = runCli("train '" + project + "'" + kTiny);
    ASSERT_EQ(first.exitCode, 0) << first.output;
    EXPECT_TRUE(contains(first.output, "on 4 cases (3 validation)")) << first.output;
    const std::string listed = runCli("list --csv '" + project + "'").output;
    ASSERT_EQ(runCli("export '" + project + "' '" + dir.file("before") + "'").exitCode, 0);

    const CommandResult predict = runCli("predict '" + project + "' --all --no-regions");
    ASSERT_EQ(predict.exitCode, 0) << predict.output;
    EXPECT_TRUE(contains(predict.output, "Saved 4 pseudo-labels")) << predict.output;

    const std::string after = runCli("list --csv '" + project + "'").output;
    // Only the version counts grow: every label column is what it was.
    EXPECT_NE(after, listed);
    const std::string humans = runCli("list --csv --status human '" + project + "'").output;
    for (const char* row : {"hippocampus_001", "hippocampus_003", "hippocampus_004"})
        EXPECT_TRUE(contains(humans, row)) << humans;
    EXPECT_TRUE(
        contains(runCli("list --status pseudo '" + project + "'").output, "hippocampus_006"));
    EXPECT_FALSE(
        contains(runCli("list --status pseudo '" + project + "'").output, "hippocampus_001"));
    ASSERT_EQ(runCli("export '" + project + "' '" + dir.file("after") + "'").exitCode, 0);
    for (const char* number : {"001", "003", "004"}) {
        const std::string file = std::string("/labels/hippocampus_") + number + ".nii.gz";
        EXPECT_EQ(readFile(dir.file("after") + file), readFile(dir.file("before") + file))
            << number;
    }
    EXPECT_FALSE(std::filesystem::exists(dir.file("after") + "/labels/hippocampus_006.nii.gz"));
    EXPECT_EQ(manifestVersions(dir.file("after") + "/manifest.csv"),
              manifestVersions(dir.file("before") + "/manifest.csv"));
    const CommandResult second = runCli("train '" + project + "'" + kTiny);
    EXPECT_TRUE(contains(second.output, "on 4 cases (3 validation)")) << second.output;
    const CommandResult info = runCli("info '" + project + "'");
    EXPECT_TRUE(contains(info.output, "3 human, 1 pseudo, 0 corrected, 0 accepted")) << info.output;
}

TEST(CliReviewLoop, ReviewDecisionsRevertAndExportChoices) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    importHippocampus(project, {"001"}, {"003", "004", "006"});
    ASSERT_EQ(runCli("train '" + project + "'" + kTiny).exitCode, 0);
    ASSERT_EQ(runCli("predict '" + project + "' --no-regions").exitCode, 0);

    // Volumes 2, 3, 4 have pseudo-labels. Alice takes two; bob cannot decide them.
    const CommandResult taken =
        runCli("review-queue '" + project + "' --take 2 --reviewer alice --strategy random");
    ASSERT_EQ(taken.exitCode, 0) << taken.output;
    const CommandResult mine = runCli("review-queue '" + project + "' --mine --reviewer alice");
    EXPECT_TRUE(contains(mine.output, "Taken by alice: 2 cases")) << mine.output;
    Project reader = Project::open(project);
    std::vector<int64_t> alices;
    for (const ReviewRecord& review : reader.reviews().list(ReviewState::InReview))
        alices.push_back(review.volumeId);
    ASSERT_EQ(alices.size(), 2u);
    const std::string a = std::to_string(alices[0]), b = std::to_string(alices[1]);
    const CommandResult refused =
        runCli("review '" + project + "' " + a + " --accept --reviewer bob");
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(contains(refused.output, "in review by alice")) << refused.output;
    EXPECT_EQ(runCli("review '" + project + "' " + a + " --accept --reject").exitCode, 2);

    const CommandResult accept =
        runCli("review '" + project + "' " + a + " --accept --reviewer alice");
    ASSERT_EQ(accept.exitCode, 0) << accept.output;
    EXPECT_TRUE(contains(accept.output, "(accepted, by alice) is its label of record"))
        << accept.output;
    EXPECT_EQ(runCli("review '" + project + "' " + b + " --release --reviewer alice").exitCode, 0);
    EXPECT_EQ(runCli("review '" + project + "' " + b + " --release --reviewer alice").exitCode, 1);
    ASSERT_EQ(runCli("review '" + project + "' " + b + " --reject --reviewer carol").exitCode, 0);
    EXPECT_TRUE(contains(runCli("list --status accepted '" + project + "'").output, "hippocampus"));
    const CommandResult trained = runCli("train '" + project + "'" + kTiny);
    EXPECT_TRUE(contains(trained.output, "(2 validation)")) << trained.output;  // 001 + accepted
    const CommandResult noAccepted = runCli("train '" + project + "'" + kTiny + " --no-accepted");
    EXPECT_TRUE(contains(noAccepted.output, "(1 validation)")) << noAccepted.output;

    // Export: labels of record by default; with pseudo the open case, never the rejected one.
    const std::string out = dir.file("out");
    const CommandResult all = runCli("export '" + project + "' '" + out +
                                     "' --include human,corrected,accepted,pseudo --per-class "
                                     "--labels-only");
    ASSERT_EQ(all.exitCode, 0) << all.output;
    EXPECT_TRUE(contains(all.output, "0 images and 9 label files (3 volumes with labels)"))
        << all.output;
    EXPECT_EQ(runCli("export '" + project + "' '" + dir.file("bad") + "' --include maybe").exitCode,
              2);

    // Revert the accepted case to its pseudo-label: a new accepted version copying it.
    Project after = Project::open(project);
    const auto accepted = after.labels().labelOfRecord(alices[0]);
    ASSERT_TRUE(accepted && accepted->parentId);
    const CommandResult revert =
        runCli("revert '" + project + "' " + std::to_string(*accepted->parentId));
    ASSERT_EQ(revert.exitCode, 0) << revert.output;
    EXPECT_TRUE(contains(revert.output, "(accepted) copies version")) << revert.output;
    const CommandResult volumeInfo = runCli("info '" + project + "' " + a);
    EXPECT_TRUE(contains(volumeInfo.output, "[label of record]")) << volumeInfo.output;
    EXPECT_TRUE(contains(volumeInfo.output, "model segmentation v1")) << volumeInfo.output;
}

TEST(CliReviewLoop, CorrectReplacesAPseudoLabelByAFile) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    importHippocampus(project, {"001"}, {"003", "004"});
    ASSERT_EQ(runCli("train '" + project + "'" + kTiny).exitCode, 0);
    ASSERT_EQ(runCli("predict '" + project + "' --no-regions --no-score").exitCode, 0);
    std::map<std::string, int64_t> ids;
    {
        Project reader = Project::open(project);
        for (const VolumeRecord& volume : reader.volumes().list())
            ids[std::filesystem::path(volume.sourcePath).filename().string()] = volume.volumeId;
    }
    const std::string v003 = std::to_string(ids.at("hippocampus_003.nii.gz"));

    // Another case's map has another grid: refused, naming the file and both sizes.
    const CommandResult wrongGrid =
        runCli("review '" + project + "' " + v003 + " --correct '" + hippocampusLabel("004") + "'");
    EXPECT_EQ(wrongGrid.exitCode, 1) << wrongGrid.output;
    EXPECT_TRUE(contains(wrongGrid.output, "hippocampus_004.nii.gz: label map is"))
        << wrongGrid.output;
    EXPECT_TRUE(contains(wrongGrid.output, "but image is")) << wrongGrid.output;
    const CommandResult missing =
        runCli("review '" + project + "' " + v003 + " --correct '" + dir.file("none.nii.gz") + "'");
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_TRUE(contains(missing.output, "none.nii.gz")) << missing.output;
    EXPECT_FALSE(Project::open(project).labels().labelOfRecord(ids.at("hippocampus_003.nii.gz")));

    const CommandResult corrected = runCli("review '" + project + "' " + v003 + " --correct '" +
                                           hippocampusLabel("003") + "' --reviewer dana");
    ASSERT_EQ(corrected.exitCode, 0) << corrected.output;
    EXPECT_TRUE(contains(corrected.output, "(corrected, by dana")) << corrected.output;
    Project after = Project::open(project);
    const auto record = after.labels().labelOfRecord(ids.at("hippocampus_003.nii.gz"));
    ASSERT_TRUE(record);
    EXPECT_EQ(record->provenance, LabelProvenance::Corrected);
    ASSERT_TRUE(record->parentId);
    EXPECT_EQ(after.labels().get(*record->parentId).provenance, LabelProvenance::Pseudo);
    EXPECT_EQ(after.labels().load(record->id).labels,
              readNiftiLabelMap(hippocampusLabel("003")).labels);
    EXPECT_EQ(after.reviews().find(ids.at("hippocampus_003.nii.gz"))->state,
              ReviewState::Corrected);
    // It has a label of record now: nothing left to correct.
    const CommandResult again =
        runCli("review '" + project + "' " + v003 + " --correct '" + hippocampusLabel("003") + "'");
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_TRUE(contains(again.output, "has a label of record")) << again.output;
    const CommandResult trained = runCli("train '" + project + "'" + kTiny);
    EXPECT_TRUE(contains(trained.output, "(2 validation)")) << trained.output;  // 001 + 003
    EXPECT_FALSE(after.labels().labelOfRecord(ids.at("hippocampus_004.nii.gz")));
}

}  // namespace
}  // namespace segloop
