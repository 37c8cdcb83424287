#pragma once

// Helpers of the fault tests (issue 30, "Faults"): running the real CLI as another user or
// under a file-size limit, and looking for what a failed command may have left behind.

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "integration/CliTestSupport.h"
#include "support/TestPaths.h"

namespace segloop::test {

/// The prefix that runs a command as user "nobody" when the tests run as root (where every
/// file is writable), else "" (the caller then removes its own write permission).
inline std::string asNobodyPrefix() {
    return ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
}

/// True when a command can be run as someone for whom a 0555 folder is read-only.
inline bool canActAsReadOnlyUser() {
    return ::geteuid() != 0 || runCommand("command -v setpriv").exitCode == 0;
}

/// Runs `segloop-cli ARGUMENTS` as asNobodyPrefix() says.
inline CommandResult runCliAsNobody(const std::string& arguments) {
    return runCommand(asNobodyPrefix() + "'" + cliPath() + "' " + arguments);
}

/// Runs `segloop-cli ARGUMENTS` with RLIMIT_FSIZE at `limitKiB` and SIGXFSZ ignored (an ignored
/// signal stays ignored across exec), so that a write past the limit fails with EFBIG as on a
/// full disk. prlimit takes bytes: the shell's `ulimit -f` counts 512-byte blocks in dash.
inline CommandResult runCliWithFileSizeLimit(const std::string& arguments, int limitKiB) {
    const std::string bytes = std::to_string(static_cast<long long>(limitKiB) * 1024);
    return runCommand("trap '' XFSZ; prlimit --fsize=" + bytes + ":" + bytes + " -- '" + cliPath() +
                      "' " + arguments);
}

/// Files under `folder` whose names say they were left half-done: staging names (".staging-"),
/// SQLite's rollback journals.
inline std::vector<std::string> strayFiles(const std::string& folder) {
    std::vector<std::string> stray;
    std::error_code ignored;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder, ignored)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(".staging", 0) == 0 || name.find("-journal") != std::string::npos) {
            stray.push_back(entry.path().string());
        }
    }
    return stray;
}

/// Chmods `path` (a folder) to mode `mode`.
inline void setMode(const std::string& path, std::filesystem::perms mode) {
    std::filesystem::permissions(path, mode, std::filesystem::perm_options::replace);
}

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace segloop::test
