#include "storage/ProjectPermissions.h"

#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "core/Error.h"
#include "core/io/PrivateFiles.h"

namespace segloop {

namespace {

/// Folders of the project that are tightened on open when they exist; "backups" and
/// "recovery" belong to other modules but hold patient data too.
const char* const kKnownFolders[] = {ProjectLayout::kDataFolderName,
                                     ProjectLayout::kVolumesFolderName,
                                     ProjectLayout::kLabelsFolderName,
                                     ProjectLayout::kModelsFolderName,
                                     "data/dicom",
                                     "backups",
                                     "recovery"};

}  // namespace

void ProjectPermissions::makeProjectFolder(const std::string& folder) {
    PrivateFiles::makeFolderBelow(folder, "");
    PrivateFiles::restrictMode(folder, PrivateFiles::kFolderMode);
}

void ProjectPermissions::makeDataFolders(const ProjectLayout& layout) {
    for (const char* relative :
         {ProjectLayout::kVolumesFolderName, ProjectLayout::kLabelsFolderName,
          ProjectLayout::kModelsFolderName}) {
        PrivateFiles::makeFolderBelow(layout.folder, relative);
    }
}

void ProjectPermissions::createDatabaseFile(const std::string& databasePath) {
    std::error_code error;
    if (std::filesystem::symlink_status(databasePath, error).type() ==
        std::filesystem::file_type::not_found) {
        ::close(PrivateFiles::createFile(databasePath));
        return;
    }
    PrivateFiles::refuseLink(databasePath);
    PrivateFiles::restrictMode(databasePath, PrivateFiles::kFileMode);
}

void ProjectPermissions::tighten(const ProjectLayout& layout) noexcept {
    PrivateFiles::restrictMode(layout.folder, PrivateFiles::kFolderMode);
    for (const char* relative : kKnownFolders)
        PrivateFiles::restrictMode(layout.absolute(relative), PrivateFiles::kFolderMode);
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        PrivateFiles::restrictMode(layout.databasePath() + suffix, PrivateFiles::kFileMode);
}

}  // namespace segloop
