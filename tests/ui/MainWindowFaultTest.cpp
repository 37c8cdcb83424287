// The main window on faults of the project (issue 30): a project on a read-only file system
// opens read-only (a visible notice; edits, training and review decisions refused; browsing and
// export work), and File > Restore backup... puts a backup back through the same function as
// `segloop-cli restore`, keeping the database it replaces.
#include <sys/mount.h>

#include <filesystem>

#include <QLabel>

#include "UiTestSupport.h"
#include "storage/ProjectBackup.h"
#include "ui/training/TrainingPanel.h"

namespace segloop::ui {
namespace {

namespace fs = std::filesystem;

/// A tmpfs at `folder` while it lives, which can be made read-only (EROFS for root too).
class ScratchFileSystem {
  public:
    explicit ScratchFileSystem(const std::string& folder) : folder_(folder) {
        fs::create_directories(folder);
        mounted_ = ::mount("tmpfs", folder.c_str(), "tmpfs", 0, "size=64m,mode=0755") == 0;
    }
    ~ScratchFileSystem() {
        if (mounted_)
            ::umount2(folder_.c_str(), MNT_DETACH);
    }
    ScratchFileSystem(const ScratchFileSystem&) = delete;
    ScratchFileSystem& operator=(const ScratchFileSystem&) = delete;
    bool mounted() const { return mounted_; }
    bool makeReadOnly() {
        return ::mount("tmpfs", folder_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
    }

  private:
    std::string folder_;
    bool mounted_ = false;
};

TEST(MainWindowFaultTest, ReadOnlyProjectIsBrowsedAndExportedButNotChanged) {
    segloop::test::TempDir dir;
    ScratchFileSystem disk(dir.file("disk"));
    if (!disk.mounted())
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)";
    const std::string folder = dir.file("disk/project");
    const test::TestProjectIds ids = test::makeTestProject(folder);
    ASSERT_TRUE(disk.makeReadOnly());

    auto window = test::openShownWindow(folder);
    ASSERT_NE(window->project(), nullptr) << window->lastError().toStdString();
    EXPECT_TRUE(window->isReadOnly());
    auto* notice = window->findChild<QLabel*>("readOnlyNotice");
    ASSERT_NE(notice, nullptr);
    EXPECT_TRUE(notice->isVisible());
    EXPECT_TRUE(notice->text().contains("Read-only")) << notice->text().toStdString();
    EXPECT_TRUE(window->windowTitle().contains("[read-only]"));
    EXPECT_FALSE(window->trainingPanel().isEnabled());
    EXPECT_EQ(window->browser().rows().size(), 4u);

    EXPECT_TRUE(window->openCase(ids.pseudo004)) << window->lastError().toStdString();
    EXPECT_FALSE(window->review(ids.pseudo004, ReviewState::Accepted));
    EXPECT_TRUE(window->lastError().contains("read-only")) << window->lastError().toStdString();
    EXPECT_FALSE(window->startTraining(test::tinyTrainingSettings("sgrs", 1)));
    EXPECT_FALSE(window->importFiles({test::hippocampus("imagesTr", "006")}));

    const std::string output = dir.file("masks");
    fs::create_directory(output);
    EXPECT_TRUE(window->exportMasks(QString::fromStdString(output)))
        << window->lastError().toStdString();
    EXPECT_TRUE(fs::exists(output + "/labels/hippocampus_001.nii.gz"));
    EXPECT_TRUE(window->closeProject());
}

TEST(MainWindowFaultTest, RestoreBackupPutsTheBackupBackAndKeepsTheReplacedDatabase) {
    segloop::test::TempDir dir;
    const std::string folder = dir.file("project");
    test::makeTestProject(folder);
    auto window = test::openShownWindow(folder);  // the day's first open: a daily backup
    const auto backups = ProjectBackup(ProjectLayout{folder}).list();
    ASSERT_EQ(backups.size(), 1u);
    EXPECT_FALSE(window->isReadOnly());

    const std::string extra = dir.file("extra.nii.gz");
    fs::copy_file(
        std::string(SEGLOOP_TESTS_SOURCE_DIR) + "/../resources/demo/images/hippocampus_007.nii.gz",
        extra);
    ASSERT_TRUE(window->importFiles({extra})) << window->lastError().toStdString();
    EXPECT_EQ(window->browser().rows().size(), 5u);

    ASSERT_TRUE(window->restoreBackup(QString::fromStdString(backups[0].fileName)))
        << window->lastError().toStdString();
    EXPECT_EQ(window->browser().rows().size(), 4u);
    bool kept = false;
    for (const BackupInfo& backup : ProjectBackup(ProjectLayout{folder}).list())
        kept = kept || backup.reason == "before-restore";
    EXPECT_TRUE(kept);

    EXPECT_FALSE(window->restoreBackup("no-such-backup.segloop"));
    EXPECT_TRUE(window->lastError().contains("no such backup"))
        << window->lastError().toStdString();
    EXPECT_NE(window->project(), nullptr) << "the project is open again after a refusal";
}

}  // namespace
}  // namespace segloop::ui
