#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/ProjectLayout.h"

namespace segloop {

class Database;

/// One copy of the project database in `<project>/backups/`.
struct BackupInfo {
    std::string path;      ///< Absolute (or as the project folder was given).
    std::string fileName;  ///< "project-20261207-071502-123-before-v4.segloop"
    std::string takenAt;   ///< "2026-12-07 07:15:02 UTC", read from the name.
    /// Why it was made: "daily", "manual", "before-v<N>" (a migration), "before-restore", or
    /// "damaged" (the byte copy of a database that SQLite could not read, kept by a restore).
    std::string reason;
    int64_t sizeBytes = 0;
};

/// The project database's backups: copies made with SQLite's online backup API (a consistent
/// snapshot even while the project is open and written), kept in `<project>/backups/`
/// (folder 0700, files 0600: they hold what the project holds, patient data included).
///
/// Made before each schema migration, once per day of use (the first writable open of a UTC
/// day), on request (`segloop-cli backup`) and before a restore replaces the database. The
/// newest kKeepPerReason of each reason are kept; migration backups are all kept. Voxel files
/// are not copied: SegLoop never changes or removes a data file, so every file a backup names
/// is still in data/. Same thread rules as the Database passed in; throws segloop::Error.
class ProjectBackup {
  public:
    static constexpr const char* kFolderName = "backups";
    static constexpr size_t kKeepPerReason = 7;

    explicit ProjectBackup(ProjectLayout layout);

    std::string folder() const { return layout_.folder + "/" + kFolderName; }

    /// Copies the database open as `source` into a new backup; returns it. On failure (disk
    /// full, read-only folder) nothing is left behind and the Error names the backup file.
    BackupInfo make(Database& source, const std::string& reason);
    /// make(source, "daily") unless a backup of any reason but "damaged" was already made
    /// today (UTC);
    /// returns the new backup, if one was made.
    std::optional<BackupInfo> makeDailyIfDue(Database& source);

    /// Every backup, newest first; empty when there is no backups folder.
    std::vector<BackupInfo> list() const;
    std::optional<BackupInfo> newest() const;
    /// The newest backup worth restoring: newest() but never a "damaged" byte copy.
    std::optional<BackupInfo> newestRestorable() const;
    /// The backup a user named: a path, or a file name in the backups folder. Error when it is
    /// not there.
    BackupInfo find(const std::string& nameOrPath) const;

    /// Removes the oldest backups beyond kKeepPerReason of each reason (migration backups
    /// stay). Never throws: a backup that cannot be removed stays.
    void prune() noexcept;

    /// One line for a message about newestRestorable(): "the newest backup is <path> (<time>);
    /// restore it with
    /// `segloop-cli restore <folder> <file>`", or "" when there is no backup.
    std::string restoreAdvice() const;

    /// Copies the database open as `source` into the new file `destination` (created 0600,
    /// refused when it exists) with SQLite's backup API, and flushes it.
    static void copyDatabase(Database& source, const std::string& destination);

    /// A fresh path for a backup made now for `reason`, in the backups folder (created 0700).
    std::string newBackupPath(const std::string& reason);

  private:
    ProjectLayout layout_;
};

}  // namespace segloop
