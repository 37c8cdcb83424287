#include "core/io/DurableRename.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/Error.h"

namespace segloop {

namespace {

/// fsync of a file or folder; the system's reason on failure, empty on success.
std::string flush(const std::string& path, int flags) {
    const int descriptor = ::open(path.c_str(), flags | O_CLOEXEC);
    if (descriptor < 0) {
        return std::strerror(errno);
    }
    const int result = ::fsync(descriptor);
    const std::string reason = result != 0 ? std::strerror(errno) : "";
    ::close(descriptor);
    return reason;
}

}  // namespace

void durableRename(const std::string& temporary, const std::string& path) {
    if (const std::string reason = flush(temporary, O_RDONLY); !reason.empty()) {
        std::remove(temporary.c_str());
        throw Error(path, "cannot flush the new file " + temporary + " to disk: " + reason);
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(temporary.c_str());
        throw Error(path, "cannot move " + temporary + " into place: " + reason);
    }
    const std::string folder = std::filesystem::path(path).parent_path().string();
    // The rename is done; a folder that cannot be flushed only weakens power-loss safety.
    static_cast<void>(flush(folder.empty() ? "." : folder, O_RDONLY | O_DIRECTORY));
}

}  // namespace segloop
