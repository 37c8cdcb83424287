#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image/Volume.h"
#include "storage/ProjectLayout.h"
#include "storage/SeriesMetadata.h"
#include "storage/VolumeRecord.h"

namespace segloop {

class Database;

/// The project's images: imports a series (voxel file + patient/study/series/instance rows)
/// as one atomic change, lists them, and loads their voxels back.
///
/// Holds a reference to the Database (same thread rules) and a copy of the layout; cheap to
/// make, short-lived. Failures throw segloop::Error naming the source or the database file.
class VolumeRepository {
  public:
    VolumeRepository(Database& database, ProjectLayout layout, std::string userName);

    /// Imports one series with its voxels; returns the new volume's id.
    ///
    /// Writes `data/volumes/<series id>.nii.gz` (staged, flushed, renamed into place inside the
    /// transaction) and inserts patient, study, series, instances and volume rows plus an audit
    /// entry in one transaction: either all of it is there afterwards or none of it. A series
    /// UID that is already in the project is refused, naming where and when it was imported.
    /// Empty UIDs of NIfTI sources are derived (see DerivedUid.h).
    int64_t importVolume(const SeriesMetadata& metadata, const Volume& volume);

    /// `metadata` with the UIDs a NIfTI source lacks filled in, as importVolume() stores them.
    static SeriesMetadata withDerivedUids(const SeriesMetadata& metadata);

    /// Every volume, oldest first.
    std::vector<VolumeRecord> list();
    std::optional<VolumeRecord> find(int64_t volumeId);
    /// Throws Error("volume <id>", "no such volume in the project") when missing.
    VolumeRecord get(int64_t volumeId);
    std::optional<VolumeRecord> findBySeriesUid(const std::string& seriesInstanceUid);

    /// The source instances of a volume's series, by slice index.
    std::vector<InstanceInfo> instances(int64_t volumeId);
    /// The patient, study and series a volume was imported from, with its instances: what a
    /// derived DICOM object (SEG, RTSTRUCT) copies and references. Error when there is no such
    /// volume.
    SeriesMetadata seriesMetadata(int64_t volumeId);

    /// Reads the voxel file; throws Error when it is missing or no longer matches the grid
    /// recorded at import.
    Volume load(int64_t volumeId);

  private:
    std::vector<VolumeRecord> query(const std::string& whereClause,
                                    const std::optional<int64_t>& id,
                                    const std::optional<std::string>& text);
    void refuseDuplicate(const SeriesMetadata& metadata);
    int64_t insertRows(const SeriesMetadata& metadata, const Volume& volume);

    Database& database_;
    ProjectLayout layout_;
    std::string userName_;
};

}  // namespace segloop
