// Fault: a full disk. The real CLI imports, saves a label, exports and makes a backup with
// RLIMIT_FSIZE set low (SIGXFSZ ignored, so a write past the limit fails with EFBIG as a full
// disk fails with ENOSPC), and on a small tmpfs filled to the brim when this machine lets us
// mount one. Each time: one message naming the file, and the project as it was before (every
// earlier label intact, no new row without its file, no stray temp file).

#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "FaultTestSupport.h"
#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "core/io/NiftiWriter.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using namespace test;

/// The -shm file SQLite maps is 32 KiB and written at each open: the limit must leave room for
/// it; every data file of the test is larger than the rest.
constexpr int kLimitKiB = 40;

class FullDiskFault : public ::testing::Test {
  protected:
    void SetUp() override {
        project_ = dir_.file("project");
        initProject(project_);
        importHippocampus(project_, {"001"}, {"004"});
        before_ = projectFingerprint(project_);  // opens: today's backup exists from here on
    }

    void expectUnchanged() {
        EXPECT_EQ(projectFingerprint(project_), before_);
        EXPECT_EQ(strayFiles(project_), std::vector<std::string>{});
    }

    TempDir dir_;
    std::string project_;
    std::string before_;
};

TEST_F(FullDiskFault, ImportIsRefusedAndLeavesNothing) {
    const CommandResult result =
        runCliWithFileSizeLimit("import '" + project_ + "' '" + hippocampusImage("003") +
                                    "' --labels '" + testDataDir() + "/hippocampus/labelsTr'",
                                kLimitKiB);
    EXPECT_EQ(result.exitCode, 1) << result.output;
    EXPECT_TRUE(contains(result.output, project_ + "/data/volumes/")) << result.output;
    EXPECT_TRUE(contains(result.output, "File too large")) << result.output;
    expectUnchanged();
}

/// Writes `<folder>/images/noise.nii.gz` (a blank 80x80x48 image: a small file) and
/// `<folder>/labels/noise.nii.gz` (classes 0-2 at random: gzip cannot make it much smaller
/// than ~70 KiB, larger than kLimitKiB). Returns the labels folder.
std::string writeNoisyCase(const std::string& folder) {
    ImageGeometry grid;
    grid.size = {80, 80, 48};
    fs::create_directories(folder + "/images");
    fs::create_directories(folder + "/labels");
    Volume volume(grid);
    volume.sourceDataType = "int16";
    writeNiftiVolume(volume, folder + "/images/noise.nii.gz");
    LabelMap labels(grid);
    std::mt19937 random(30);
    for (uint16_t& label : labels.labels) {
        label = static_cast<uint16_t>(random() % 3);
    }
    writeNiftiLabelMap(labels, folder + "/labels/noise.nii.gz");
    return folder + "/labels";
}

TEST_F(FullDiskFault, LabelSaveIsRefusedAndLeavesNothing) {
    const std::string labels = writeNoisyCase(dir_.file("noise"));
    const CommandResult imported = runCli("import '" + project_ + "' '" + dir_.file("noise") +
                                          "/images/noise.nii.gz' --labels '" + labels + "'");
    ASSERT_EQ(imported.exitCode, 0) << imported.output;
    ASSERT_GT(fs::file_size(project_ + "/data/labels/2.nii.gz"), kLimitKiB * 1024u);
    before_ = projectFingerprint(project_);
    // revert copies label version 2 into a new version: its file is larger than the limit.
    const CommandResult result = runCliWithFileSizeLimit("revert '" + project_ + "' 2", kLimitKiB);
    EXPECT_EQ(result.exitCode, 1) << result.output;
    EXPECT_TRUE(contains(result.output, project_ + "/data/labels/")) << result.output;
    EXPECT_TRUE(contains(result.output, "File too large")) << result.output;
    expectUnchanged();
    EXPECT_EQ(runCli("revert '" + project_ + "' 2").exitCode, 0) << "works once there is room";
}

TEST_F(FullDiskFault, ExportFailsNamingTheFileAndTheProjectIsUnchanged) {
    const std::string out = dir_.file("export");
    const CommandResult result =
        runCliWithFileSizeLimit("export '" + project_ + "' '" + out + "'", kLimitKiB);
    EXPECT_EQ(result.exitCode, 1) << result.output;
    EXPECT_TRUE(contains(result.output, out + "/")) << result.output;
    EXPECT_TRUE(contains(result.output, "File too large")) << result.output;
    EXPECT_FALSE(fs::exists(out + "/manifest.csv"));
    expectUnchanged();
}

TEST_F(FullDiskFault, BackupFailsNamingTheBackupFile) {
    const CommandResult result = runCliWithFileSizeLimit("backup '" + project_ + "'", kLimitKiB);
    EXPECT_EQ(result.exitCode, 1) << result.output;
    EXPECT_TRUE(contains(result.output, project_ + "/backups/project-")) << result.output;
    EXPECT_TRUE(contains(result.output, "cannot make this backup")) << result.output;
    EXPECT_TRUE(contains(result.output, "the project itself is unchanged")) << result.output;
    for (const auto& entry : fs::directory_iterator(project_ + "/backups")) {
        EXPECT_FALSE(contains(entry.path().filename().string(), "manual")) << entry.path();
    }
    expectUnchanged();
}

/// A tmpfs of `sizeKiB` mounted at `folder` while it lives; mounted() is false where mounting
/// is not allowed (not root, or a container without CAP_SYS_ADMIN).
class SmallTmpfs {
  public:
    SmallTmpfs(const std::string& folder, int sizeKiB) : folder_(folder) {
        fs::create_directories(folder);
        const std::string options = "size=" + std::to_string(sizeKiB) + "k,mode=0755";
        mounted_ = ::mount("tmpfs", folder.c_str(), "tmpfs", 0, options.c_str()) == 0;
    }
    ~SmallTmpfs() {
        if (mounted_) {
            ::umount2(folder_.c_str(), MNT_DETACH);
        }
    }
    SmallTmpfs(const SmallTmpfs&) = delete;
    SmallTmpfs& operator=(const SmallTmpfs&) = delete;
    bool mounted() const { return mounted_; }

  private:
    std::string folder_;
    bool mounted_ = false;
};

/// Fills the file system of `folder` with one file until a write fails; returns its path.
std::string fillUp(const std::string& folder) {
    const std::string filler = folder + "/filler";
    std::ofstream out(filler, std::ios::binary);
    const std::string block(4096, '\0');
    while (out.write(block.data(), static_cast<std::streamsize>(block.size())) && out.flush()) {
    }
    return filler;
}

TEST(FullDiskFaultTmpfs, ImportOnAFullDiskIsRefusedAndWorksOnceThereIsRoom) {
    TempDir dir;
    SmallTmpfs disk(dir.file("disk"), 8 * 1024);
    if (!disk.mounted()) {
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)";
    }
    const std::string project = dir.file("disk/project");
    initProject(project);
    importHippocampus(project, {"001"}, {});
    const std::string before = projectFingerprint(project);
    const std::string filler = fillUp(dir.file("disk"));
    // Room for SQLite's 32 KiB -shm file and a little more, not for the new image's file.
    fs::resize_file(filler, fs::file_size(filler) - 48 * 1024);

    const CommandResult result =
        runCli("import '" + project + "' '" + hippocampusImage("003") + "'");
    EXPECT_EQ(result.exitCode, 1) << result.output;
    EXPECT_TRUE(contains(result.output, project + "/")) << result.output;
    EXPECT_TRUE(contains(result.output, project + "/data/volumes/")) << result.output;
    EXPECT_TRUE(contains(result.output, "No space left on device")) << result.output;
    const CommandResult labelled = runCli("revert '" + project + "' 1");
    EXPECT_EQ(labelled.exitCode, 1) << labelled.output;

    fs::remove(filler);
    EXPECT_EQ(projectFingerprint(project), before);
    EXPECT_EQ(strayFiles(project), std::vector<std::string>{});
    const CommandResult again =
        runCli("import '" + project + "' '" + hippocampusImage("003") + "'");
    EXPECT_EQ(again.exitCode, 0) << again.output;
}

}  // namespace
}  // namespace segloop
