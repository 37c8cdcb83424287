#pragma once

#include <cstdint>
#include <string>

#include "storage/ProjectLayout.h"

namespace segloop {

class Database;

/// The size and SHA-256 of a data file's bytes.
struct FileFingerprint {
    int64_t sizeBytes = 0;
    std::string sha256;  ///< 64 lower-case hex digits.
};

/// Records what each voxel file was when SegLoop wrote it (table data_file_checks) and checks
/// it again before the file is read, so that a file that went missing, was truncated, or was
/// replaced by another one is reported (naming the volume or label version, the file and the
/// problem) instead of loading wrong voxels.
///
/// The check hashes the whole file every time (measured: see docs/reliability.md, "Faults"); a
/// file written before schema version 4 has no row and gets one after its first successful
/// load, when the project is writable. Holds a reference to a Database (same thread rules).
class DataFileCheck {
  public:
    DataFileCheck(Database& database, ProjectLayout layout);

    /// Size and SHA-256 of the file at `path`; throws Error when it cannot be read.
    static FileFingerprint fingerprint(const std::string& path);

    /// Stores `fingerprint` for `relativePath` (joins the caller's transaction).
    void record(const std::string& relativePath, const FileFingerprint& fingerprint);

    /// Throws Error(subject, ...) when the file of `relativePath` is missing, or differs in
    /// size or content from what was recorded. Returns false when nothing was recorded for it
    /// (the caller records it once it has read the file successfully: recordAfterLoad).
    bool verify(const std::string& subject, const std::string& relativePath);

    /// Records the file as it is now, unless the project is read-only; never throws (a row that
    /// cannot be written now is written at a later load).
    void recordAfterLoad(const std::string& relativePath) noexcept;

  private:
    Database& database_;
    ProjectLayout layout_;
};

}  // namespace segloop
