#include "storage/FolderLock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/Error.h"

namespace segloop {

namespace {

int openFolder(const std::string& folder) {
    const int descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (descriptor < 0) {
        throw Error(folder,
                    std::string("cannot open the folder to lock it: ") + std::strerror(errno));
    }
    return descriptor;
}

/// flock, retried when a signal interrupts it; false when it would block (LOCK_NB).
bool lockDescriptor(int descriptor, int operation, const std::string& folder) {
    for (;;) {
        if (::flock(descriptor, operation) == 0) {
            return true;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EWOULDBLOCK) {
            return false;
        }
        throw Error(folder, std::string("cannot lock the folder: ") + std::strerror(errno));
    }
}

}  // namespace

FolderLock::FolderLock(std::string folder, int descriptor, bool exclusive)
    : folder_(std::move(folder)), descriptor_(descriptor), exclusive_(exclusive) {}

FolderLock FolderLock::tryExclusive(const std::string& folder) {
    const int descriptor = openFolder(folder);
    try {
        if (lockDescriptor(descriptor, LOCK_EX | LOCK_NB, folder)) {
            return FolderLock(folder, descriptor, true);
        }
    } catch (...) {
        ::close(descriptor);
        throw;
    }
    ::close(descriptor);
    return FolderLock(folder, -1, false);
}

FolderLock FolderLock::shared(const std::string& folder) {
    const int descriptor = openFolder(folder);
    try {
        lockDescriptor(descriptor, LOCK_SH, folder);
    } catch (...) {
        ::close(descriptor);
        throw;
    }
    return FolderLock(folder, descriptor, false);
}

FolderLock::~FolderLock() {
    if (descriptor_ >= 0) {
        ::close(descriptor_);  // releases the lock
    }
}

FolderLock::FolderLock(FolderLock&& other) noexcept
    : folder_(std::move(other.folder_)),
      descriptor_(std::exchange(other.descriptor_, -1)),
      exclusive_(std::exchange(other.exclusive_, false)) {}

FolderLock& FolderLock::operator=(FolderLock&& other) noexcept {
    if (this != &other) {
        if (descriptor_ >= 0) {
            ::close(descriptor_);
        }
        folder_ = std::move(other.folder_);
        descriptor_ = std::exchange(other.descriptor_, -1);
        exclusive_ = std::exchange(other.exclusive_, false);
    }
    return *this;
}

void FolderLock::share() {
    if (descriptor_ >= 0 && exclusive_) {
        lockDescriptor(descriptor_, LOCK_SH, folder_);
        exclusive_ = false;
    }
}

}  // namespace segloop
