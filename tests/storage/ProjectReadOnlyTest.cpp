// A project the user may not write is refused on open (checked with access(2) as the user who
// runs SegLoop; as root the check runs in a child process that becomes "nobody").

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

/// Runs Project::open(folder) in a child process as user "nobody" (uid 65534). Returns the
/// child's error message, "opened" when it succeeded, or nullopt when the child could not
/// switch user.
std::optional<std::string> openAsNobody(const std::string& folder) {
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
            Project::open(folder);
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
                           const std::string& expectedMessage) {
    if (::geteuid() == 0) {
        const auto message = openAsNobody(folder);
        if (!message) {
            GTEST_SKIP() << "running as root but cannot switch to user nobody";
        }
        EXPECT_EQ(*message, expectedMessage);
    } else {
        ::chmod(readOnlyPath.c_str(), std::filesystem::is_directory(readOnlyPath) ? 0555 : 0444);
        try {
            Project::open(folder);
            ADD_FAILURE() << "a read-only project should be refused";
        } catch (const Error& error) {
            EXPECT_EQ(std::string(error.what()), expectedMessage);
        }
    }
}

TEST(ProjectReadOnlyTest, ReadOnlyFolderIsRefused) {
    TempDir temp;
    const std::string folder = temp.file("project");
    { Project::create(folder); }
    // Owned by root with mode 0755: "nobody" may read but not write it.
    expectReadOnlyRefusal(folder, folder,
                          folder +
                              ": the project folder is read-only; SegLoop needs to write "
                              "there (check the permissions, or copy the project to a "
                              "writable place)");
}

TEST(ProjectReadOnlyTest, ReadOnlyDatabaseFileIsRefused) {
    TempDir temp;
    const std::string folder = temp.file("project");
    { Project::create(folder); }
    if (::geteuid() == 0) {
        ::chmod(folder.c_str(), 0777);  // the folder is writable for nobody; the file is not
    }
    const std::string database = folder + "/project.segloop";
    expectReadOnlyRefusal(folder, database,
                          database +
                              ": is read-only; SegLoop needs to write there (check the "
                              "permissions, or copy the project to a writable place)");
}

}  // namespace
}  // namespace segloop
