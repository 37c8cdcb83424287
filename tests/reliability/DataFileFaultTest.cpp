// Fault: a data file of the project missing, truncated, or replaced (by a file of other
// dimensions, or by one of the same size with other bytes). Loading it fails with a message that
// names the volume or label version, the file and the problem: never a crash, never wrong voxels.
// Also: files of projects written before the checks existed get their fingerprint on first load,
// and what the check costs (printed, not asserted).

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "FaultTestSupport.h"
#include "core/Error.h"
#include "storage/DataFileCheck.h"
#include "storage/Project.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using namespace test;

class DataFileFault : public ::testing::Test {
  protected:
    void SetUp() override {
        project_ = dir_.file("project");
        initProject(project_);
        importHippocampus(project_, {"001", "003"}, {});
        volumeFile_ = project_ + "/data/volumes/1.nii.gz";
        labelFile_ = project_ + "/data/labels/1.nii.gz";
        ASSERT_TRUE(fs::exists(volumeFile_));
        ASSERT_TRUE(fs::exists(labelFile_));
    }

    /// Loads through the storage API and returns the refusal ("" when it loaded).
    std::string loadVolume(int64_t id) {
        try {
            Project project = Project::open(project_, ProjectAccess::Browse);
            project.volumes().load(id);
            return "";
        } catch (const Error& error) {
            return error.what();
        }
    }
    std::string loadLabel(int64_t id) {
        try {
            Project project = Project::open(project_, ProjectAccess::Browse);
            project.labels().load(id);
            return "";
        } catch (const Error& error) {
            return error.what();
        }
    }

    /// `export` is refused with `message` and writes no manifest.
    void expectExportRefused(const std::string& message) {
        const std::string out = dir_.file("export");
        const CommandResult result = runCli("export '" + project_ + "' '" + out + "'");
        EXPECT_EQ(result.exitCode, 1) << result.output;
        EXPECT_TRUE(contains(result.output, message)) << result.output;
        EXPECT_FALSE(fs::exists(out + "/manifest.csv"));
    }

    TempDir dir_;
    std::string project_;
    std::string volumeFile_;
    std::string labelFile_;
};

TEST_F(DataFileFault, IntactFilesLoad) {
    EXPECT_EQ(loadVolume(1), "");
    EXPECT_EQ(loadLabel(1), "");
}

TEST_F(DataFileFault, MissingVolumeFile) {
    fs::remove(volumeFile_);
    const std::string expected = "volume 1: its file " + volumeFile_ +
                                 " is missing (moved or deleted outside SegLoop); put the file "
                                 "back from a copy of the project";
    EXPECT_TRUE(contains(loadVolume(1), expected)) << loadVolume(1);
    expectExportRefused(expected);
}

TEST_F(DataFileFault, TruncatedLabelFile) {
    const auto size = fs::file_size(labelFile_);
    fs::resize_file(labelFile_, size / 2);
    const std::string message = loadLabel(1);
    EXPECT_TRUE(contains(message, "label version 1 (volume 1): its file " + labelFile_ + " is " +
                                      std::to_string(size / 2) + " bytes but was " +
                                      std::to_string(size) + " bytes when SegLoop wrote it"))
        << message;
    EXPECT_TRUE(contains(message, "truncated or replaced outside SegLoop")) << message;
    expectExportRefused("label version 1 (volume 1): its file " + labelFile_);
}

TEST_F(DataFileFault, LabelReplacedByAnotherCasesLabel) {
    fs::copy_file(hippocampusLabel("003"), labelFile_, fs::copy_options::overwrite_existing);
    EXPECT_TRUE(contains(loadLabel(1), "label version 1 (volume 1): its file " + labelFile_))
        << loadLabel(1);
}

TEST_F(DataFileFault, VolumeReplacedBySameSizeOtherContent) {
    std::string bytes;
    {
        std::ifstream in(volumeFile_, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x20);
    {
        std::ofstream out(volumeFile_, std::ios::binary | std::ios::trunc);
        out << bytes;
    }
    const std::string message = loadVolume(1);
    EXPECT_TRUE(contains(message, "volume 1: its file " + volumeFile_ +
                                      " has the size SegLoop wrote but other content"))
        << message;
}

TEST_F(DataFileFault, FilesWrittenBeforeTheChecksGetTheirFingerprintOnFirstLoad) {
    {
        Project project = Project::open(project_);
        project.database().execute("DELETE FROM data_file_checks");
    }
    // Without a fingerprint, a replacement of other dimensions is still caught by the grid.
    const std::string saved = dir_.file("label-1.nii.gz");
    fs::copy_file(labelFile_, saved);
    fs::copy_file(hippocampusLabel("003"), labelFile_, fs::copy_options::overwrite_existing);
    EXPECT_TRUE(contains(loadLabel(1), "no longer matches its volume")) << loadLabel(1);
    fs::copy_file(saved, labelFile_, fs::copy_options::overwrite_existing);

    EXPECT_EQ(loadLabel(1), "");
    EXPECT_EQ(loadVolume(2), "");
    Project project = Project::open(project_);
    EXPECT_EQ(project.database().queryInt64("SELECT COUNT(*) FROM data_file_checks"), 2);
    fs::resize_file(labelFile_, 100);
    EXPECT_TRUE(contains(loadLabel(1), "bytes when SegLoop wrote it")) << loadLabel(1);
}

/// Milliseconds to hash and to load (check included) volume `id`, averaged over `rounds`.
std::pair<double, double> checkCost(Project& project, int64_t id, int rounds) {
    using Clock = std::chrono::steady_clock;
    double hashMs = 0;
    double loadMs = 0;
    const VolumeRecord record = project.volumes().get(id);
    for (int round = 0; round < rounds; ++round) {
        const auto start = Clock::now();
        DataFileCheck::fingerprint(project.layout().absolute(record.dataPath));
        const auto hashed = Clock::now();
        const Volume volume = project.volumes().load(id);
        const auto loaded = Clock::now();
        EXPECT_EQ(volume.voxels.size(), record.geometry.voxelCount());
        hashMs += std::chrono::duration<double, std::milli>(hashed - start).count();
        loadMs += std::chrono::duration<double, std::milli>(loaded - hashed).count();
    }
    return {hashMs / rounds, loadMs / rounds};
}

TEST_F(DataFileFault, CostOfTheCheckPerVolume) {
    Project project = Project::open(project_);
    // A CT-sized volume (256x256x120, smooth content that compresses as scans do).
    ImageGeometry grid;
    grid.size = {256, 256, 120};
    grid.spacingMm = {0.8, 0.8, 2.5};
    Volume large(grid);
    for (int64_t k = 0; k < 120; ++k) {
        for (int64_t j = 0; j < 256; ++j) {
            for (int64_t i = 0; i < 256; ++i) {
                large.at(i, j, k) = static_cast<float>(((i * 7 + j * 3 + k * 11) % 2000) - 1000);
            }
        }
    }
    large.sourceDataType = "int16";
    SeriesMetadata metadata;
    metadata.series.sourcePath = "synthetic-ct";
    metadata.series.seriesInstanceUid = "1.2.826.0.1.3680043.10.1.1";
    metadata.study.studyInstanceUid = "1.2.826.0.1.3680043.10.1";
    const int64_t largeId = project.volumes().importVolume(metadata, large);
    for (int64_t id : {int64_t{1}, largeId}) {
        const auto [hashMs, loadMs] = checkCost(project, id, 5);
        std::printf(
            "[ measure  ] volume %lld (%ju bytes): SHA-256 %.2f ms, load with the "
            "check %.2f ms (the hash is %.0f%% of it)\n",
            static_cast<long long>(id),
            fs::file_size(project.layout().absolute(project.volumes().get(id).dataPath)), hashMs,
            loadMs, 100.0 * hashMs / loadMs);
        RecordProperty("sha256_ms_volume_" + std::to_string(id), std::to_string(hashMs));
        RecordProperty("load_ms_volume_" + std::to_string(id), std::to_string(loadMs));
    }
}

}  // namespace
}  // namespace segloop
