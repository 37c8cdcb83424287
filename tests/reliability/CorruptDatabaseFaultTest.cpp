// Fault: a damaged project database (real corrupted copies: truncated, overwritten with
// garbage, a SQLite header over garbage, a damaged page, a broken schema). Opening fails with
// one message that names the file, the problem, the newest backup and the command that
// restores it; that command brings the project back with every label of the backup.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "FaultTestSupport.h"
#include "storage/ProjectBackup.h"
#include "storage/db/Database.h"
#include "storage/db/Migrations.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using namespace test;

class CorruptDatabaseFault : public ::testing::Test {
  protected:
    void SetUp() override {
        project_ = dir_.file("project");
        database_ = project_ + "/project.segloop";
        initProject(project_);
        importHippocampus(project_, {"001", "003"}, {"004"});  // the opens make today's backup
        // Today's daily backup was made at the first open, before the imports: a backup on
        // request holds them all.
        const CommandResult backup = runCli("backup '" + project_ + "'");
        ASSERT_EQ(backup.exitCode, 0) << backup.output;
        listBefore_ = runCli("list --csv '" + project_ + "'").output;
        const auto newest = ProjectBackup(ProjectLayout{project_}).newest();
        ASSERT_TRUE(newest.has_value());
        backup_ = *newest;
        size_ = fs::file_size(database_);
        ASSERT_FALSE(fs::exists(database_ + "-wal")) << "the CLI closed the project cleanly";
    }

    void overwrite(std::streamoff offset, const std::string& bytes) {
        std::fstream file(database_, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(offset);
        file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }

    /// `list` is refused with the file, `problem`, the newest backup and the restore command;
    /// then the restore command brings the project back.
    void expectRefusedThenRestored(const std::string& problem) {
        const CommandResult refused = runCli("list '" + project_ + "'");
        EXPECT_EQ(refused.exitCode, 1) << refused.output;
        EXPECT_TRUE(contains(refused.output, database_ + ": ")) << refused.output;
        EXPECT_TRUE(contains(refused.output, problem)) << refused.output;
        const std::string command = "segloop-cli restore " + project_ + " " + backup_.fileName;
        EXPECT_TRUE(contains(refused.output, "the newest backup is " + backup_.path))
            << refused.output;
        EXPECT_TRUE(contains(refused.output, command)) << refused.output;

        const CommandResult restored = runCli("restore '" + project_ + "' " + backup_.fileName);
        ASSERT_EQ(restored.exitCode, 0) << restored.output;
        EXPECT_EQ(runCli("list --csv '" + project_ + "'").output, listBefore_);
        // The damaged file is kept too: byte for byte when SQLite cannot read it (never
        // offered as "the newest backup" then), else as a backup of its own.
        bool keptDamaged = false;
        for (const BackupInfo& backup : ProjectBackup(ProjectLayout{project_}).list()) {
            keptDamaged =
                keptDamaged || backup.reason == "before-restore" || backup.reason == "damaged";
        }
        EXPECT_TRUE(keptDamaged);
        EXPECT_EQ(ProjectBackup(ProjectLayout{project_}).newestRestorable()->path, backup_.path)
            << "the damaged copy is not the one to restore";
    }

    TempDir dir_;
    std::string project_;
    std::string database_;
    std::string listBefore_;
    BackupInfo backup_;
    std::uintmax_t size_ = 0;
};

TEST_F(CorruptDatabaseFault, TruncatedFile) {
    fs::resize_file(database_, size_ / 2);
    expectRefusedThenRestored("damaged");
}

TEST_F(CorruptDatabaseFault, GarbageFile) {
    overwrite(0, std::string(8192, '\x5a'));
    expectRefusedThenRestored("is not a SQLite database");
}

TEST_F(CorruptDatabaseFault, SqliteHeaderOverGarbage) {
    // Keeps the 16-byte magic; the page size and everything after it are garbage.
    overwrite(16, std::string(8192 - 16, '\x7f'));
    expectRefusedThenRestored("file is not a database");
}

TEST_F(CorruptDatabaseFault, DamagedPage) {
    // Every page but the first (the schema root) overwritten: tables and indexes are garbage.
    overwrite(4096, std::string(static_cast<size_t>(size_) - 4096, '\x11'));
    expectRefusedThenRestored("damaged");
}

TEST_F(CorruptDatabaseFault, BrokenSchema) {
    {
        Database database(database_, Database::OpenMode::ReadWrite);
        database.execute("DROP TRIGGER audit_log_is_append_only; DROP INDEX studies_by_patient");
    }
    expectRefusedThenRestored("the project database's schema is broken (version " +
                              std::to_string(latestSchemaVersion()) +
                              " should have index studies_by_patient, trigger "
                              "audit_log_is_append_only)");
}

TEST_F(CorruptDatabaseFault, WithoutABackupTheMessageSaysWhatIsWrong) {
    fs::remove_all(project_ + "/backups");
    fs::resize_file(database_, size_ / 2);
    const CommandResult refused = runCli("list '" + project_ + "'");
    EXPECT_EQ(refused.exitCode, 1) << refused.output;
    EXPECT_TRUE(contains(refused.output, database_ + ": ")) << refused.output;
    EXPECT_TRUE(contains(refused.output, "damaged")) << refused.output;
    EXPECT_FALSE(contains(refused.output, "restore")) << refused.output;
}

}  // namespace
}  // namespace segloop
