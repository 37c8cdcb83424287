#pragma once

#include <string>

#include <gtest/gtest.h>

namespace segloop::test {

/// tests/data in the source tree: the project's own small copies, always present.
std::string testDataDir();
/// ../shared/data beside the clone; may be absent on a user's fresh checkout.
std::string sharedDataDir();
bool sharedDataAvailable();
/// Path of the built segloop-cli binary.
std::string cliPath();

/// A fresh empty folder under the system temp dir, removed when the object goes away.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

/// Result of running a command through the shell: exit code and combined stdout+stderr.
struct CommandResult {
    int exitCode = -1;
    std::string output;
};
CommandResult runCommand(const std::string& commandLine);

}  // namespace segloop::test

/// Skips the current test, with a message, when ../shared/data is absent.
#define SEGLOOP_REQUIRE_SHARED_DATA()                                                   \
    do {                                                                                \
        if (!segloop::test::sharedDataAvailable()) {                                    \
            GTEST_SKIP() << "../shared/data is absent: skipping a test that needs it (" \
                         << segloop::test::sharedDataDir() << ")";                      \
        }                                                                               \
    } while (false)
