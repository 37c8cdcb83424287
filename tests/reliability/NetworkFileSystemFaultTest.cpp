// Fault: a project on a network file system (NFS, SMB/CIFS, ...), where SQLite's locks are not
// reliable: create and open refuse it with a message. No network file system can be mounted on
// the test machines, so the recognition is tested on the statfs(2) magic numbers the kernel
// reports for them, and on real local folders (which must not be refused).

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "storage/NetworkFileSystem.h"
#include "storage/Project.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using test::TempDir;

TEST(NetworkFileSystemFault, NetworkFileSystemsAreToldByTheirMagicNumber) {
    EXPECT_EQ(network_file_system::nameForMagic(0x6969), "nfs");
    EXPECT_EQ(network_file_system::nameForMagic(0xFF534D42), "cifs");
    EXPECT_EQ(network_file_system::nameForMagic(0xFE534D42), "smb2");
    EXPECT_EQ(network_file_system::nameForMagic(0x517B), "smb");
    EXPECT_EQ(network_file_system::nameForMagic(0x5346414F), "afs");
    EXPECT_EQ(network_file_system::nameForMagic(0x00C36400), "ceph");
    // statfs's f_type is a signed long: CIFS's magic arrives sign-extended on some systems.
    EXPECT_EQ(network_file_system::nameForMagic(
                  static_cast<unsigned long>(static_cast<long>(static_cast<int32_t>(0xFF534D42)))),
              "cifs");
    // Local file systems: ext4, tmpfs, xfs, btrfs, overlayfs.
    for (unsigned long local : {0xEF53UL, 0x01021994UL, 0x58465342UL, 0x9123683EUL, 0x794C7630UL}) {
        EXPECT_FALSE(network_file_system::nameForMagic(local).has_value()) << std::hex << local;
    }
}

TEST(NetworkFileSystemFault, LocalFoldersAreAccepted) {
    TempDir dir;
    EXPECT_FALSE(network_file_system::nameForPath(dir.path()).has_value());
    EXPECT_NO_THROW(network_file_system::refuse(dir.path()));
    { Project::create(dir.file("project")); }
    EXPECT_NO_THROW(Project::open(dir.file("project")));
}

TEST(NetworkFileSystemFault, MountedNetworkFileSystemsAreRefused) {
    // Every network file system mounted on this machine (none on the usual test machines).
    std::ifstream mounts("/proc/mounts");
    int checked = 0;
    for (std::string device, point, type, rest; mounts >> device >> point >> type;) {
        std::getline(mounts, rest);
        if (type != "nfs" && type != "nfs4" && type != "cifs" && type != "smb3") {
            continue;
        }
        ++checked;
        try {
            network_file_system::refuse(point);
            ADD_FAILURE() << point << " (" << type << ") should be refused";
        } catch (const Error& error) {
            EXPECT_EQ(error.subject(), point);
            EXPECT_NE(error.problem().find("is on a network file system"), std::string::npos)
                << error.what();
        }
        // A new project there is refused before its folder is made.
        const std::string folder = point + "/segloop-refused-project";
        EXPECT_THROW(Project::create(folder), Error) << point;
        EXPECT_FALSE(std::filesystem::exists(folder)) << folder;
    }
    if (checked == 0) {
        GTEST_SKIP() << "no NFS or SMB share is mounted here";
    }
}

}  // namespace
}  // namespace segloop
