#include "storage/ProjectRestore.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "core/Error.h"
#include "storage/DataFiles.h"
#include "storage/FolderLock.h"
#include "storage/OrphanReclaim.h"
#include "storage/Project.h"
#include "storage/db/Database.h"
#include "storage/db/Migrations.h"
#include "storage/db/SchemaCheck.h"

namespace segloop {

namespace {

namespace fs = std::filesystem;

/// True when another process holds a lock that conflicts with a write lock on `length` bytes
/// at `offset` of `path` (F_GETLK does not see this process's own locks).
bool lockedByAnotherProcess(const std::string& path, off_t offset, off_t length) {
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) {
        return false;
    }
    struct flock query {};
    query.l_type = F_WRLCK;
    query.l_whence = SEEK_SET;
    query.l_start = offset;
    query.l_len = length;
    const bool locked = ::fcntl(descriptor, F_GETLK, &query) == 0 && query.l_type != F_UNLCK;
    ::close(descriptor);
    return locked;
}

/// Throws unless `path` is a SegLoop project database that SQLite finds intact and this build
/// can read.
void checkBackup(const std::string& path) {
    try {
        Database backup(path, Database::OpenMode::ReadOnlyImmutable);
        if (backup.queryInt64("PRAGMA application_id") != Project::kApplicationId) {
            throw Error(path, "is not a SegLoop project database");
        }
        const std::string verdict = backup.queryText("PRAGMA quick_check(1)");
        if (verdict != "ok") {
            throw Error(path, "is damaged itself (SQLite's check says: " + verdict + ")");
        }
        refuseNewerSchema(backup, projectMigrations());
        refuseIncompleteSchema(backup, projectMigrations());
    } catch (const Error& error) {
        throw Error(error.subject(), "cannot restore this backup: " + error.problem());
    }
}

/// Copies `from` byte for byte to `to` (0600), flushed.
void copyRaw(const std::string& from, const std::string& to) {
    std::error_code error;
    fs::copy_file(from, to, fs::copy_options::none, error);
    if (error) {
        throw Error(to, "cannot keep a copy of " + from + ": " + error.message());
    }
    ::chmod(to.c_str(), 0600);
    data_files::syncFile(to);
}

/// Keeps the database about to be replaced; returns where.
std::string keepCurrentDatabase(const ProjectLayout& layout, ProjectBackup& backups) {
    const std::string current = layout.databasePath();
    std::error_code ignored;
    if (!fs::exists(current, ignored)) {
        return "";
    }
    {
        std::unique_ptr<Database> database;
        try {
            database = std::make_unique<Database>(current, Database::OpenMode::ReadWrite);
            const bool intact =
                database->queryInt64("PRAGMA application_id") == Project::kApplicationId &&
                database->queryText("PRAGMA quick_check(1)") == "ok";
            if (intact) {
                refuseIncompleteSchema(*database, projectMigrations());
            } else {
                database.reset();
            }
        } catch (const Error&) {
            database.reset();  // damaged beyond SQLite's reading: its bytes are kept below
        }
        if (database) {
            return backups.make(*database, "before-restore").path;
        }
    }
    // Named "damaged" so that it is never offered as the backup to restore.
    const std::string copy = backups.newBackupPath("damaged");
    copyRaw(current, copy);
    if (fs::exists(current + "-wal", ignored)) {
        copyRaw(current + "-wal", copy + "-wal");
    }
    data_files::syncFolder(backups.folder());
    return copy;
}

}  // namespace

bool otherProcessHasDatabaseOpen(const std::string& databasePath) {
    // SQLite's unix locks: the pending, reserved and shared bytes at 1 GiB of the database file
    // (a reader in rollback mode, a writer), and the lock bytes 120-135 of the -shm file, of
    // which every connection in WAL mode holds byte 128 (its "DMS" slot) while it is open.
    constexpr off_t kPendingByte = 0x40000000;
    return lockedByAnotherProcess(databasePath, kPendingByte, 512) ||
           lockedByAnotherProcess(databasePath + "-shm", 120, 16);
}

RestoreReport restoreProjectBackup(const std::string& folder, const std::string& backupNameOrPath) {
    std::string trimmed = folder;
    while (trimmed.size() > 1 && trimmed.back() == '/') {
        trimmed.pop_back();
    }
    const ProjectLayout layout{trimmed};
    std::error_code ignored;
    if (!fs::is_directory(layout.folder, ignored)) {
        throw Error(layout.folder, "no such project folder");
    }
    if (!data_files::isWritable(layout.folder)) {
        throw Error(layout.folder,
                    "the project is read-only: a backup cannot be restored into it (check the "
                    "permissions, or copy the project and the backup to a writable place)");
    }
    ProjectBackup backups(layout);
    RestoreReport report;
    report.restored = backups.find(backupNameOrPath);
    checkBackup(report.restored.path);
    const std::string current = layout.databasePath();
    const std::string inUse =
        "the project is open in another SegLoop window or command: close it, then restore "
        "(nothing was changed)";
    // Every writable open of the project, in any process and in this one, holds a shared flock
    // on its folder, so an exclusive one is refused while any is open. Asked first because the
    // lock probe below opens and closes descriptors of the database files, and closing one
    // drops every POSIX lock this process holds on them, a live connection's included (the
    // hazard of ca3e230); the probe then only catches read-only opens. The exclusive lock is
    // held until the new database is in place, so no open can start in between.
    std::optional<FolderLock> alone(FolderLock::tryExclusive(layout.folder));
    if (!alone->exclusive() || otherProcessHasDatabaseOpen(current))
        throw Error(current, inUse);
    report.previousCopy = keepCurrentDatabase(layout, backups);

    const std::string staging = layout.folder + "/.staging-restore.segloop";
    for (const char* extra : {"", "-journal"}) {
        data_files::removeQuietly(staging + extra);  // left by a restore that was killed
    }
    try {
        Database source(report.restored.path, Database::OpenMode::ReadOnlyImmutable);
        ProjectBackup::copyDatabase(source, staging);
    } catch (const Error& error) {
        data_files::removeQuietly(staging);
        throw Error(error.subject(), "cannot restore the backup: " + error.problem() +
                                         " (the project database is unchanged)");
    }
    // The old write-ahead log belongs to the old database (kept above): it must not be
    // replayed into the restored one, so it goes before the rename.
    data_files::removeQuietly(current + "-wal");
    data_files::removeQuietly(current + "-shm");
    data_files::renameFile(staging, current);
    data_files::syncFolder(layout.folder);
    alone.reset();  // Project::open takes its own lock

    Project project = Project::open(layout.folder);  // sweeps the files it no longer names
    project.auditLog().append(
        "restore backup", "project",
        {{"backup", report.restored.fileName}, {"previous_database_kept_as", report.previousCopy}});
    // Files an earlier restore swept to data/orphans/ that this database names go back.
    report.reclaimedFiles =
        reclaimOrphanFiles(project.layout(), project.database(), project.userName());
    return report;
}

}  // namespace segloop
