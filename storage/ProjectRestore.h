#pragma once

#include <string>
#include <vector>

#include "storage/ProjectBackup.h"

namespace segloop {

/// What restoreProjectBackup did.
struct RestoreReport {
    BackupInfo restored;       ///< The backup now in place.
    std::string previousCopy;  ///< Where the replaced database was kept (a backup, or a raw
                               ///< copy when it could not be opened).
    /// Data files moved back from data/orphans/ ("from -> to"), see OrphanReclaim.h.
    std::vector<std::string> reclaimedFiles;
};

/// Puts a backup back in place of `<folder>/project.segloop`; the one use case behind
/// `segloop-cli restore` and the window's File > Restore backup...
///
/// Refuses (Error, nothing changed) when the backup is not a SegLoop project database or fails
/// SQLite's integrity check, when its schema is newer than this build, when the folder is
/// read-only, or when another process has the project open (its SQLite locks are seen). The
/// current database is kept first: as a "before-restore" backup when it can be read, else as a
/// byte-for-byte copy with its -wal file (reason "damaged"). Then the backup is copied under a
/// staging name, flushed, and renamed into place, so a crash leaves either the old or the new
/// database. The next open moves the files of rows the restored database lacks to data/orphans/,
/// and the files it names that an earlier restore moved there come back (reclaimOrphanFiles). The
/// caller must have closed its own connections to the project. Adds an audit entry.
RestoreReport restoreProjectBackup(const std::string& folder, const std::string& backupNameOrPath);

/// True when another process holds a SQLite lock on the database file or its -shm file
/// (that is, has the project open). Locks of this process are not seen (POSIX locks).
bool otherProcessHasDatabaseOpen(const std::string& databasePath);

}  // namespace segloop
