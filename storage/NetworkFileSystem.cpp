#include "storage/NetworkFileSystem.h"

#include <sys/vfs.h>

#include "core/Error.h"

namespace segloop::network_file_system {

std::optional<std::string> nameForMagic(unsigned long magic) {
    // Values of <linux/magic.h> and the file systems' own sources (CIFS, SMB2 and Lustre are
    // not in that header). Ceph, GFS2 and OCFS2 are cluster file systems: same trouble.
    switch (magic & 0xFFFFFFFFUL) {
        case 0x6969UL:
            return "nfs";
        case 0x517BUL:
            return "smb";
        case 0xFF534D42UL:
            return "cifs";
        case 0xFE534D42UL:
            return "smb2";
        case 0x5346414FUL:
            return "afs";
        case 0x73757245UL:
            return "coda";
        case 0x564CUL:
            return "ncp";
        case 0x00C36400UL:
            return "ceph";
        case 0x01161970UL:
            return "gfs2";
        case 0x7461636FUL:
            return "ocfs2";
        case 0x0BD00BD0UL:
            return "lustre";
        default:
            return std::nullopt;
    }
}

std::optional<std::string> nameForPath(const std::string& path) {
    struct statfs info {};
    if (::statfs(path.c_str(), &info) != 0) {
        return std::nullopt;
    }
    return nameForMagic(static_cast<unsigned long>(info.f_type));
}

void refuse(const std::string& folder) {
    if (const auto name = nameForPath(folder)) {
        throw Error(folder, "is on a network file system (" + *name +
                                "); SegLoop keeps its project database on a local disk only, "
                                "because SQLite's locking is not reliable over a network: copy "
                                "the project to a local folder");
    }
}

}  // namespace segloop::network_file_system
