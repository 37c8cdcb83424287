#pragma once

#include <cstdint>
#include <string>

namespace segloop {

/// Where a project's files live: `<folder>/project.segloop` (the SQLite index) and
/// `<folder>/data/` (voxel files, NIfTI). Pure path arithmetic, no I/O.
///
/// Data files are named after the row that owns them, with ids that are never reused:
/// `data/volumes/<series id>.nii.gz`, `data/labels/<label version id>.nii.gz`. The database
/// stores these paths relative to the project folder, so a project can be moved as a folder.
struct ProjectLayout {
    std::string folder;

    static constexpr const char* kDatabaseFileName = "project.segloop";
    static constexpr const char* kDataFolderName = "data";
    static constexpr const char* kVolumesFolderName = "data/volumes";
    static constexpr const char* kLabelsFolderName = "data/labels";
    static constexpr const char* kModelsFolderName = "data/models";

    std::string databasePath() const { return folder + "/" + kDatabaseFileName; }
    std::string dataFolder() const { return folder + "/" + kDataFolderName; }
    std::string volumesFolder() const { return folder + "/" + kVolumesFolderName; }
    std::string labelsFolder() const { return folder + "/" + kLabelsFolderName; }
    std::string modelsFolder() const { return folder + "/" + kModelsFolderName; }

    /// Absolute path of a data file given its path relative to the project folder.
    std::string absolute(const std::string& relativePath) const {
        return folder + "/" + relativePath;
    }

    /// Relative path of the voxel file of a series ("data/volumes/12.nii.gz").
    static std::string volumeDataPath(int64_t seriesId) {
        return std::string(kVolumesFolderName) + "/" + std::to_string(seriesId) + ".nii.gz";
    }
    /// Relative path of the file of a label version ("data/labels/7.nii.gz").
    /// The per-voxel uncertainty map saved beside a pseudo-label version.
    static std::string uncertaintyDataPath(int64_t labelVersionId) {
        return std::string(kLabelsFolderName) + "/" + std::to_string(labelVersionId) +
               "-uncertainty.nii.gz";
    }
    /// The inference-time SGRS region map (uint8 codes 0-3) saved beside a pseudo-label version.
    static std::string regionsDataPath(int64_t labelVersionId) {
        return std::string(kLabelsFolderName) + "/" + std::to_string(labelVersionId) +
               "-regions.nii.gz";
    }
    static std::string labelDataPath(int64_t labelVersionId) {
        return std::string(kLabelsFolderName) + "/" + std::to_string(labelVersionId) + ".nii.gz";
    }
};

}  // namespace segloop
