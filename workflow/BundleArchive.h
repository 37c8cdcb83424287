#pragma once

#include <map>
#include <string>
#include <vector>

namespace segloop {

/// One member of a zip archive to write: its name inside the archive and the bytes.
struct ArchiveMember {
    std::string name;  ///< "manifest.json"; plain names, no folders
    std::string bytes;
};

/// Writes `members` as a zip file (deflated, zip64 where needed) at `path`: under a temporary
/// name in the same folder, then renamed, so `path` is never half-written. Throws Error naming
/// the path on failure. minizip (zlib's contrib) underneath; any thread.
void writeZipArchive(const std::string& path, const std::vector<ArchiveMember>& members);

/// Every member of the zip file at `path`, by name, read into memory (a member's CRC is
/// checked by minizip). Throws Error naming the path when it is missing, no zip file, or
/// damaged, or holds a member of more than `maximumMemberBytes` or two of one name, or a
/// member whose name is not a plain file name ("../evil", "a/b", ".hidden": SafeFileName),
/// which could land outside the folder it is unpacked to.
std::map<std::string, std::string> readZipArchive(const std::string& path,
                                                  size_t maximumMemberBytes = size_t{4} << 30);

}  // namespace segloop
