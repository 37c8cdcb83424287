#pragma once

#include <string>

#include "core/image/ImageGeometry.h"

namespace segloop {

/// File-system steps of saving a data file so that the database and the files never disagree:
/// write under a staging name, make it durable, rename it to its final name inside the
/// database transaction, and remove it again if the transaction fails. All functions throw
/// segloop::Error naming the path and the system's reason. Thread-safe (no shared state).
namespace data_files {

/// A fresh, unused path in `folder` for a file about to be written
/// ("<folder>/.staging-<hex>.nii.gz").
std::string stagingPath(const std::string& folder);

/// Creates the folder (and its parents) when missing, owner-only (0700); refuses a folder that
/// is a symbolic link (core/io/PrivateFiles).
void ensureFolder(const std::string& folder);

/// Flushes a file's content (fsync) so that it survives a power loss before it is referenced.
void syncFile(const std::string& path);
/// Flushes a folder's entries (after a rename).
void syncFolder(const std::string& folder);

/// rename(2): atomic replacement within one file system.
void renameFile(const std::string& from, const std::string& to);

/// Removes a file if it exists; never throws (used on failure paths).
void removeQuietly(const std::string& path) noexcept;

/// True when the current user may write in `path` (access(2) with W_OK).
bool isWritable(const std::string& path);

/// A direction matrix as a JSON array of 9 numbers (nlohmann: "[1.0,0.0,...]"), exact on a
/// round trip; the older "[1,0,...]" reads too.
std::string directionToJson(const Mat3& direction);
/// Parses directionToJson's output; throws Error(subject, ...) when it is not 9 numbers.
Mat3 directionFromJson(const std::string& json, const std::string& subject);

}  // namespace data_files

}  // namespace segloop
