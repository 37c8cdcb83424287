#pragma once

#include <string>

namespace segloop {

/// Where a project's files live: `<folder>/project.segloop` (the SQLite index) and
/// `<folder>/data/` (voxel files, NIfTI). Pure path arithmetic, no I/O.
struct ProjectLayout {
    std::string folder;

    static constexpr const char* kDatabaseFileName = "project.segloop";
    static constexpr const char* kDataFolderName = "data";

    std::string databasePath() const { return folder + "/" + kDatabaseFileName; }
    std::string dataFolder() const { return folder + "/" + kDataFolderName; }
    /// Absolute path of a data file given its path relative to the project folder.
    std::string absolute(const std::string& relativePath) const {
        return folder + "/" + relativePath;
    }
};

}  // namespace segloop
