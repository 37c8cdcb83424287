#pragma once
// Helpers of CrashConsistencyTest: start the real segloop-cli as a child process, SIGKILL it
// after a delay, and take a project's state apart (voxel hashes, temporary files). Header only:
// the reliability tests are one binary per *Test.cpp.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/hash/Sha256.h"
#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "support/TestPaths.h"

namespace segloop::test {

/// How a child run ended: killed by our SIGKILL, or on its own with an exit code.
struct ChildRun {
    bool killed = false;
    int exitCode = -1;
    double seconds = 0.0;
    std::string output;
};

/// Runs `segloop-cli ARGUMENTS` (no shell), its output into `logPath`; sends SIGKILL after
/// `killAfterSeconds` if it still runs (a negative delay: never). Waits for it to end.
inline ChildRun runCliKilledAfter(const std::vector<std::string>& arguments,
                                  double killAfterSeconds, const std::string& logPath) {
    const auto start = std::chrono::steady_clock::now();
    const pid_t child = ::fork();
    if (child == 0) {
        const int log = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (log >= 0) {
            ::dup2(log, STDOUT_FILENO);
            ::dup2(log, STDERR_FILENO);
        }
        const std::string binary = cliPath();
        std::vector<char*> argv{const_cast<char*>(binary.c_str())};
        for (const std::string& argument : arguments) {
            argv.push_back(const_cast<char*>(argument.c_str()));
        }
        argv.push_back(nullptr);
        ::execv(binary.c_str(), argv.data());
        ::_exit(127);
    }
    ChildRun run;
    int status = 0;
    if (killAfterSeconds >= 0) {
        const auto deadline = start + std::chrono::duration<double>(killAfterSeconds);
        for (;;) {
            const pid_t done = ::waitpid(child, &status, WNOHANG);
            if (done == child) {
                break;
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                ::kill(child, SIGKILL);
                ::waitpid(child, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
    } else {
        ::waitpid(child, &status, 0);
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream log(logPath);
    std::ostringstream text;
    text << log.rdbuf();
    run.output = text.str();
    return run;
}

/// The names the project's writers give files before renaming them into place.
inline bool isTemporaryFileName(const std::string& name) {
    return name.rfind(".staging-", 0) == 0 ||
           (name.rfind(".", 0) == 0 && name.find(".tmp-") != std::string::npos) ||
           (name.size() > 8 && name.compare(name.size() - 8, 8, ".partial") == 0);
}

/// Temporary files anywhere under `folder`.
inline std::vector<std::string> temporaryFilesUnder(const std::string& folder) {
    std::vector<std::string> found;
    std::error_code error;
    for (std::filesystem::recursive_directory_iterator it(folder, error), end; !error && it != end;
         it.increment(error)) {
        if (it->is_regular_file() && isTemporaryFileName(it->path().filename().string())) {
            found.push_back(it->path().string());
        }
    }
    return found;
}

/// Number of regular files directly in `folder` (0 when it does not exist).
inline size_t fileCount(const std::string& folder) {
    size_t count = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        count += entry.is_regular_file() ? 1 : 0;
    }
    return count;
}

inline std::string voxelHash(const LabelMap& labels) {
    Sha256 hash;
    const auto& size = labels.geometry.size;
    hash.update(size.data(), sizeof(size));
    hash.update(labels.labels.data(), labels.labels.size() * sizeof(uint16_t));
    return Sha256::toHex(hash.finish());
}

inline std::string voxelHash(const Volume& volume) {
    Sha256 hash;
    const auto& size = volume.geometry.size;
    hash.update(size.data(), sizeof(size));
    hash.update(volume.voxels.data(), volume.voxels.size() * sizeof(float));
    return Sha256::toHex(hash.finish());
}

}  // namespace segloop::test
