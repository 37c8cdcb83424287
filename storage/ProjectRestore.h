#pragma once

#include <string>

#include "storage/ProjectBackup.h"

namespace segloop {

/// What restoreProjectBackup did.
struct RestoreReport {
    BackupInfo restored;       ///< The backup now in place.
    std::string previousCopy;  ///< Where the replaced database was kept (a backup, or a raw
                               ///< copy when it could not be opened).
};

/// Puts a backup back in place of `<folder>/project.segloop`; the one use case behind
/// `segloop-cli restore` and the window's File > Restore backup...
///
/// Refuses (Error, nothing changed) when the backup is not a SegLoop project database or fails
/// SQLite's integrity check, when its schema is newer than this build, when the folder is
/// read-only, or when another process has the project open (its SQLite locks are seen). The
/// current database is kept first: as a "before-restore" backup when it can be read, else as a
/// byte-for-byte copy with its -wal file. Then the backup is copied under a staging name,
/// flushed, and renamed into place, so a crash leaves either the old or the new database. The
/// caller must have closed its own connections to the project. Adds an audit entry.
RestoreReport restoreProjectBackup(const std::string& folder, const std::string& backupNameOrPath);

/// True when another process holds a SQLite lock on the database file or its -shm file
/// (that is, has the project open). Locks of this process are not seen (POSIX locks).
bool otherProcessHasDatabaseOpen(const std::string& databasePath);

}  // namespace segloop
