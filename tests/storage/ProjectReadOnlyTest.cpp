// A project the user may not write is refused when opened for writing, and opens read-only for
// browsing (ProjectAccess::Browse): checked with access(2) as the user who runs SegLoop; as root
// the open runs in a child process that becomes "nobody".

#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "storage/Project.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using test::TempDir;

/// Opens the project and says how: "opened" (read-write) or "read-only: N volumes, M audit
/// entries; writing refused: <message>".
std::string describeOpen(const std::string& folder, ProjectAccess access) {
    Project project = Project::open(folder, access);
    if (!project.isReadOnly()) {
        return "opened";
    }
    std::string text = "read-only: " + std::to_string(project.volumes().list().size()) +
                       " volumes, " + std::to_string(project.auditLog().count()) +
                       " audit entries; writing refused: ";
    try {
        project.labelSets().create("more", {});
        text += "no";
    } catch (const std::exception& error) {
        const std::string message = error.what();
        text += message.find("attempt to write a readonly database") != std::string::npos
                    ? "by SQLite"
                    : message;
    }
    return text;
}

/// Runs Project::open(folder) in a child process as user "nobody" (uid 65534). Returns the
/// child's error message, "opened" when it succeeded, or nullopt when the child could not
/// switch user.
std::optional<std::string> openAsNobody(const std::string& folder,
                                        ProjectAccess access = ProjectAccess::Write) {
    int channel[2];
    if (::pipe(channel) != 0) {
        return std::nullopt;
    }
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(channel[0]);
        if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) {
            ::_exit(77);
        }
        std::string message = "opened";
        try {
            message = describeOpen(folder, access);
        } catch (const std::exception& error) {
            message = error.what();
        }
        const ssize_t written = ::write(channel[1], message.data(), message.size());
        ::_exit(written == static_cast<ssize_t>(message.size()) ? 0 : 1);
    }
    ::close(channel[1]);
    std::string message;
    char buffer[512];
    ssize_t got = 0;
    while ((got = ::read(channel[0], buffer, sizeof buffer)) > 0) {
        message.append(buffer, static_cast<size_t>(got));
    }
    ::close(channel[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) == 77) {
        return std::nullopt;
    }
    return message;
}

/// Opens the project as a user who may not write `readOnlyPath` and expects a refusal naming
/// it. As root (where access() says everything is writable) the open runs in a child process
/// as "nobody"; as another user, `readOnlyPath` loses its write permission instead.
void expectReadOnlyRefusal(const std::string& folder, const std::string& readOnlyPath,
                           const std::string& expectedMessage,
                           ProjectAccess access = ProjectAccess::Write) {
    if (::geteuid() == 0) {
        const auto message = openAsNobody(folder, access);
        if (!message) {
            GTEST_SKIP() << "running as root but cannot switch to user nobody";
        }
        EXPECT_EQ(*message, expectedMessage);
    } else {
        ::chmod(readOnlyPath.c_str(), std::filesystem::is_directory(readOnlyPath) ? 0555 : 0444);
        try {
            EXPECT_EQ(describeOpen(folder, access), expectedMessage);
        } catch (const Error& error) {
            EXPECT_EQ(std::string(error.what()), expectedMessage);
        }
    }
}

/// Projects are created owner-only (0700 folders, 0600 files): lets every user read the tree at
/// `folder` (folders 0755, files 0644), as a project shared for reading is, while only its
/// owner may write it.
void shareForReading(const std::string& folder) {
    namespace fs = std::filesystem;
    const auto readable = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                          fs::perms::others_read;
    const auto enterable =
        readable | fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec;
    fs::permissions(folder, enterable, fs::perm_options::replace);
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        fs::permissions(entry.path(), entry.is_directory() ? enterable : readable,
                        fs::perm_options::replace);
    }
}

const char* const kAdvice =
    "SegLoop cannot save changes to it; list, info, export, log and report still read it "
    "(check the permissions, or copy the project to a writable place)";

TEST(ProjectReadOnlyTest, ReadOnlyFolderIsRefusedForWriting) {
    TempDir temp;
    const std::string folder = temp.file("project");
    { Project::create(folder); }
    shareForReading(folder);  // owned by root, 0755: "nobody" may read but not write it
    expectReadOnlyRefusal(folder, folder,
                          folder +
                              ": the project is read-only for this user (its folder "
                              "cannot be written): " +
                              kAdvice);
}

TEST(ProjectReadOnlyTest, ReadOnlyDatabaseFileIsRefusedForWriting) {
    TempDir temp;
    const std::string folder = temp.file("project");
    { Project::create(folder); }
    if (::geteuid() == 0) {
        ::chmod(folder.c_str(), 0777);  // the folder is writable for nobody; the file is not
    }
    const std::string database = folder + "/project.segloop";
    expectReadOnlyRefusal(folder, database,
                          folder + ": the project is read-only for this user (" + database +
                              " cannot be written): " + kAdvice);
}

/// What describeOpen says of a read-only project with these counts.
std::string readOnlyBrowse(int volumes, int64_t auditEntries) {
    return "read-only: " + std::to_string(volumes) + " volumes, " + std::to_string(auditEntries) +
           " audit entries; writing refused: by SQLite";
}

TEST(ProjectReadOnlyTest, ReadOnlyFolderOpensReadOnlyForBrowsing) {
    TempDir temp;
    const std::string folder = temp.file("project");
    int64_t auditEntries = 0;
    {
        Project project = Project::create(folder);
        project.labelSets().create("labels", {});
        auditEntries = project.auditLog().count();
    }
    shareForReading(folder);
    // No -wal is left after a clean close: the database opens immutable, without a -shm.
    ASSERT_FALSE(std::filesystem::exists(folder + "/project.segloop-wal"));
    expectReadOnlyRefusal(folder, folder, readOnlyBrowse(0, auditEntries), ProjectAccess::Browse);
    EXPECT_FALSE(std::filesystem::exists(folder + "/project.segloop-shm"));
}

TEST(ProjectReadOnlyTest, ReadOnlyFolderWithPendingWriteAheadLogIsRead) {
    TempDir temp;
    const std::string folder = temp.file("project");
    const std::string copy = temp.file("copy");
    int64_t auditEntries = 0;
    {
        Project project = Project::create(folder);
        project.labelSets().create("labels", {});
        auditEntries = project.auditLog().count();
        // A copy taken while the project is open has its last changes only in the -wal (as a
        // folder copied from a running machine would).
        std::filesystem::create_directory(copy);
        for (const char* name : {"project.segloop", "project.segloop-wal", "project.segloop-shm"}) {
            std::filesystem::copy_file(folder + "/" + name, copy + "/" + name);
        }
    }
    shareForReading(copy);
    ASSERT_GT(std::filesystem::file_size(copy + "/project.segloop-wal"), 0u);
    expectReadOnlyRefusal(copy, copy, readOnlyBrowse(0, auditEntries), ProjectAccess::Browse);
}

}  // namespace
}  // namespace segloop
