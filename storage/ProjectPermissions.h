#pragma once

#include <string>

#include "storage/ProjectLayout.h"

namespace segloop {

/// The project holds patient data, so it is owner-only whatever the user's umask: the folder
/// and every folder in it 0700, the database (and SQLite's -wal/-shm/-journal, which take the
/// database's mode) and the data files 0600. Its data folders are real folders, never symbolic
/// links (a link would send patient data out of the project). Called by Project::create/open;
/// any thread. Other files a module adds to the project follow the same rule: create them
/// through core/io/PrivateFiles.
struct ProjectPermissions {
    /// Creates the project folder when missing (mode 0700; the folder itself may be reached
    /// through a link the user chose) and makes it 0700.
    static void makeProjectFolder(const std::string& folder);

    /// Creates data/, data/volumes, data/labels and data/models (0700) where missing; throws
    /// Error naming the folder when one of them is a symbolic link or not a folder.
    static void makeDataFolders(const ProjectLayout& layout);

    /// Creates the empty database file with mode 0600 before SQLite opens it (SQLite would
    /// create it 0644 less the umask); an existing file is made 0600.
    static void createDatabaseFile(const std::string& databasePath);

    /// Existing projects are tightened on open: the project folder and its known folders 0700,
    /// the database files 0600. Quiet where that is not possible (read-only file system,
    /// another user's project); never throws. Files inside are not walked: a 0700 folder
    /// already keeps other users out.
    static void tighten(const ProjectLayout& layout) noexcept;
};

}  // namespace segloop
