#pragma once

#include <optional>
#include <string>

namespace segloop {

/// Tells a network file system (NFS, SMB/CIFS, AFS, ...) from a local disk, so that a project
/// is refused there: SQLite's locks and its write-ahead log's shared memory are not reliable
/// across machines, and a project database shared that way gets damaged. Stateless; any thread.
namespace network_file_system {

/// The name of the network file system whose statfs(2) magic number is `magic` ("nfs",
/// "smb", "cifs", ...), or nullopt for any other file system.
std::optional<std::string> nameForMagic(unsigned long magic);

/// The network file system that holds `path` (an existing file or folder), or nullopt when it
/// is local or cannot be told.
std::optional<std::string> nameForPath(const std::string& path);

/// Throws Error(folder, ...) when `folder` is on a network file system.
void refuse(const std::string& folder);

}  // namespace network_file_system

}  // namespace segloop
