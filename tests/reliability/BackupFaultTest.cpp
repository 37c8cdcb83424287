// Backups of the project database (storage/ProjectBackup.h, storage/ProjectRestore.h): made
// before a migration and once a day, on request through the CLI, listed, restored without
// losing the database they replace, refused while another process has the project open.

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "FaultTestSupport.h"
#include "core/Error.h"
#include "storage/Project.h"
#include "storage/ProjectBackup.h"
#include "storage/ProjectRestore.h"
#include "storage/db/Database.h"
#include "storage/db/Migrations.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using namespace test;

unsigned modeOf(const std::string& path) {
    struct stat status {};
    ::stat(path.c_str(), &status);
    return status.st_mode & 0777;
}

std::vector<BackupInfo> backupsOf(const std::string& folder, const std::string& reason) {
    std::vector<BackupInfo> found;
    for (const BackupInfo& backup : ProjectBackup(ProjectLayout{folder}).list()) {
        if (backup.reason == reason) {
            found.push_back(backup);
        }
    }
    return found;
}

int64_t schemaVersionOf(const std::string& databasePath) {
    Database database(databasePath, Database::OpenMode::ReadOnlyImmutable);
    return database.userVersion();
}

TEST(BackupFault, FirstOpenOfTheDayMakesOneDailyBackup) {
    TempDir dir;
    const std::string folder = dir.file("project");
    { Project::create(folder); }
    EXPECT_TRUE(ProjectBackup(ProjectLayout{folder}).list().empty()) << "none at creation";
    { Project::open(folder); }
    { Project::open(folder); }
    const auto daily = backupsOf(folder, "daily");
    ASSERT_EQ(daily.size(), 1u);
    EXPECT_EQ(modeOf(daily[0].path), 0600u);
    EXPECT_EQ(modeOf(folder + "/backups"), 0700u);
    EXPECT_EQ(schemaVersionOf(daily[0].path), latestSchemaVersion());
}

TEST(BackupFault, MigrationIsPrecededByABackupOfTheOldSchema) {
    TempDir dir;
    const std::string folder = dir.file("project");
    fs::create_directory(folder);
    {
        Database database(folder + "/project.segloop", Database::OpenMode::Create);
        database.execute("PRAGMA application_id = " + std::to_string(Project::kApplicationId));
        applyMigrations(database,
                        {projectMigrations()[0], projectMigrations()[1], projectMigrations()[2]});
        database.execute("INSERT INTO label_sets (name, created_at) VALUES ('old', 't')");
    }
    { Project::open(folder); }
    const std::string reason = "before-v" + std::to_string(latestSchemaVersion());
    const auto before = backupsOf(folder, reason);
    ASSERT_EQ(before.size(), 1u);
    EXPECT_EQ(schemaVersionOf(before[0].path), 3);
    Database copy(before[0].path, Database::OpenMode::ReadOnlyImmutable);
    EXPECT_EQ(copy.queryText("SELECT name FROM label_sets"), "old");
}

TEST(BackupFault, CliBacksUpListsAndRestoresWithoutLosingTheReplacedDatabase) {
    TempDir dir;
    const std::string project = dir.file("project");
    initProject(project);
    importHippocampus(project, {"001"}, {});
    const CommandResult made = runCli("backup '" + project + "'");
    ASSERT_EQ(made.exitCode, 0) << made.output;
    const auto manual = backupsOf(project, "manual");
    ASSERT_EQ(manual.size(), 1u);
    EXPECT_TRUE(contains(made.output, manual[0].path)) << made.output;
    EXPECT_EQ(modeOf(manual[0].path), 0600u);

    const CommandResult listed = runCli("backup '" + project + "' --list");
    ASSERT_EQ(listed.exitCode, 0) << listed.output;
    EXPECT_TRUE(contains(listed.output, manual[0].fileName)) << listed.output;
    EXPECT_TRUE(contains(listed.output, "manual")) << listed.output;

    importHippocampus(project, {"003"}, {});  // after the backup
    const std::string withBoth = projectFingerprint(project);
    const CommandResult restored = runCli("restore '" + project + "' " + manual[0].fileName);
    ASSERT_EQ(restored.exitCode, 0) << restored.output;
    const CommandResult list = runCli("list --csv '" + project + "'");
    EXPECT_TRUE(contains(list.output, "hippocampus_001")) << list.output;
    EXPECT_FALSE(contains(list.output, "hippocampus_003")) << list.output;
    EXPECT_TRUE(contains(runCli("log '" + project + "'").output, "restore backup"));

    // The database it replaced was kept: restoring that one brings the second volume back.
    const auto kept = backupsOf(project, "before-restore");
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_TRUE(contains(restored.output, kept[0].path)) << restored.output;
    const CommandResult back = runCli("restore '" + project + "' '" + kept[0].path + "'");
    ASSERT_EQ(back.exitCode, 0) << back.output;
    // The first restore's open moved the second volume's files to data/orphans/; they are back.
    EXPECT_TRUE(contains(back.output,
                         "Moved back data/orphans/volumes-2.nii.gz -> "
                         "data/volumes/2.nii.gz"))
        << back.output;
    EXPECT_EQ(projectFingerprint(project), withBoth);
    EXPECT_TRUE(strayFiles(project).empty());
}

/// A projectFingerprint without the lines of files in data/orphans/.
std::string outsideOrphans(const std::string& fingerprint) {
    std::string kept;
    std::istringstream lines(fingerprint);
    for (std::string line; std::getline(lines, line);) {
        if (!contains(line, "/data/orphans/")) {
            kept += line + "\n";
        }
    }
    return kept;
}

TEST(BackupFault, RestoringBackAfterANewImportWithTheSameIdKeepsBothFiles) {
    TempDir dir;
    const std::string project = dir.file("project");
    initProject(project);
    importHippocampus(project, {"001"}, {});
    const CommandResult made = runCli("backup '" + project + "'");
    ASSERT_EQ(made.exitCode, 0) << made.output;
    const std::string manual = backupsOf(project, "manual").at(0).fileName;
    importHippocampus(project, {"003"}, {});  // volume 2, label version 2
    const std::string withThird = projectFingerprint(project);
    ASSERT_EQ(runCli("restore '" + project + "' " + manual).exitCode, 0);
    const std::string kept = backupsOf(project, "before-restore").at(0).path;
    importHippocampus(project, {"006"}, {});  // volume 2 and label version 2 again: other files
    const std::string withSixth = projectFingerprint(project);

    const CommandResult back = runCli("restore '" + project + "' '" + kept + "'");
    ASSERT_EQ(back.exitCode, 0) << back.output;
    EXPECT_EQ(outsideOrphans(projectFingerprint(project)), withThird)
        << "volume 2 is hippocampus_003 with its own files";
    const CommandResult exported = runCli("export '" + project + "' '" + dir.file("out") + "'");
    EXPECT_EQ(exported.exitCode, 0) << exported.output << "(every file checks out)";
    // The sixth case's files were kept in data/orphans/: restoring that database brings them back.
    const CommandResult again = runCli("restore '" + project + "' '" +
                                       backupsOf(project, "before-restore").at(0).path + "'");
    ASSERT_EQ(again.exitCode, 0) << again.output;
    EXPECT_EQ(outsideOrphans(projectFingerprint(project)), outsideOrphans(withSixth));
}

TEST(BackupFault, RestoreRefusesADamagedBackupAndChangesNothing) {
    TempDir dir;
    const std::string project = dir.file("project");
    initProject(project);
    importHippocampus(project, {"001"}, {});
    const std::string before = projectFingerprint(project);
    const std::string fake = dir.file("project-20260101-000000-000.segloop");
    {
        std::ofstream out(fake, std::ios::binary);
        out << "SQLite format 3" << '\0' << std::string(4000, 'x');
    }
    const CommandResult result = runCli("restore '" + project + "' '" + fake + "'");
    EXPECT_EQ(result.exitCode, 1) << result.output;
    EXPECT_TRUE(contains(result.output, fake + ": cannot restore this backup")) << result.output;
    EXPECT_EQ(projectFingerprint(project), before);
    EXPECT_TRUE(backupsOf(project, "before-restore").empty()) << "refused before any change";
}

TEST(BackupFault, RestoreIsRefusedWhileAnotherProcessHasTheProjectOpen) {
    TempDir dir;
    const std::string folder = dir.file("project");
    { Project::create(folder); }
    BackupInfo backup;
    {
        Project project = Project::open(folder);
        backup = ProjectBackup(project.layout()).make(project.database(), "manual");
    }
    int ready[2];
    int release[2];
    ASSERT_EQ(::pipe(ready), 0);
    ASSERT_EQ(::pipe(release), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        Project project = Project::open(folder);
        project.summary();  // a read: the connection holds its locks from here on
        char byte = 1;
        ssize_t result = ::write(ready[1], &byte, 1);
        result = ::read(release[0], &byte, 1);
        ::_exit(result == 1 ? 0 : 1);
    }
    char byte = 0;
    ASSERT_EQ(::read(ready[0], &byte, 1), 1);
    EXPECT_TRUE(otherProcessHasDatabaseOpen(folder + "/project.segloop"));
    try {
        restoreProjectBackup(folder, backup.fileName);
        ADD_FAILURE() << "restore should be refused while another process has the project open";
    } catch (const Error& error) {
        EXPECT_TRUE(contains(error.what(), "open in another SegLoop")) << error.what();
    }
    EXPECT_TRUE(backupsOf(folder, "before-restore").empty());
    ASSERT_EQ(::write(release[1], &byte, 1), 1);
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_FALSE(otherProcessHasDatabaseOpen(folder + "/project.segloop"));
    EXPECT_NO_THROW(restoreProjectBackup(folder, backup.fileName));
}

TEST(BackupFault, ARestoreBesideThisProcesssOwnOpenProjectIsRefusedAndItStaysWhole) {
    // The lock probe cannot see this process's own SQLite locks (F_GETLK reports other
    // processes' only), and its close() would drop them: the folder lock refuses first.
    TempDir dir;
    const std::string folder = dir.file("project");
    BackupInfo backup;
    {
        Project project = Project::create(folder);
        backup = ProjectBackup(project.layout()).make(project.database(), "manual");
    }
    Project open = Project::open(folder);
    open.summary();
    try {
        restoreProjectBackup(folder, backup.fileName);
        ADD_FAILURE() << "restore should be refused while this process has the project open";
    } catch (const Error& error) {
        EXPECT_TRUE(contains(error.what(), "open in another SegLoop")) << error.what();
    }
    EXPECT_TRUE(backupsOf(folder, "before-restore").empty()) << "nothing was changed";
    EXPECT_EQ(open.database().queryText("PRAGMA integrity_check"), "ok");
    EXPECT_NO_THROW(open.auditLog().append("still writable", "project", {}));
}

TEST(BackupFault, KeepsTheNewestOfEachReason) {
    TempDir dir;
    const std::string folder = dir.file("project");
    Project project = Project::create(folder);
    ProjectBackup backups(project.layout());
    std::vector<std::string> made;
    for (size_t i = 0; i < ProjectBackup::kKeepPerReason + 2; ++i) {
        made.push_back(backups.make(project.database(), "manual").fileName);
    }
    const auto kept = backupsOf(folder, "manual");
    ASSERT_EQ(kept.size(), ProjectBackup::kKeepPerReason);
    EXPECT_EQ(kept.front().fileName, made.back()) << "newest first";
    EXPECT_FALSE(fs::exists(folder + "/backups/" + made[0]));
}

}  // namespace
}  // namespace segloop
