#include "core/io/PrivateFiles.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "core/Error.h"

namespace segloop {
namespace {

std::string reason(int error) {
    return std::strerror(error);
}

/// lstat(2): 0 when `path` is missing, else its st_mode.
mode_t linkStatus(const std::string& path) {
    struct stat status {};
    if (::lstat(path.c_str(), &status) != 0) {
        if (errno == ENOENT)
            return 0;
        throw Error(path, "cannot look at it: " + reason(errno));
    }
    return status.st_mode;
}

/// Creates one folder, 0700 whatever the umask; an existing real folder is accepted.
void makeOneFolder(const std::string& path) {
    if (::mkdir(path.c_str(), PrivateFiles::kFolderMode) == 0) {
        if (::chmod(path.c_str(), PrivateFiles::kFolderMode) != 0)
            throw Error(path, "cannot make the folder owner-only: " + reason(errno));
        return;
    }
    const int error = errno;
    const mode_t mode = linkStatus(path);
    if (S_ISLNK(mode))
        throw Error(path, "is a symbolic link; SegLoop does not write through links");
    if (error == EEXIST && S_ISDIR(mode))
        return;  // made by someone else meanwhile
    throw Error(path,
                error == EEXIST ? "is not a folder" : "cannot create the folder: " + reason(error));
}

/// Refuses a link or a non-folder at `path`; creates it when missing.
void requireRealFolder(const std::string& path) {
    const mode_t mode = linkStatus(path);
    if (mode == 0)
        makeOneFolder(path);
    else if (S_ISLNK(mode))
        throw Error(path, "is a symbolic link; SegLoop does not write through links");
    else if (!S_ISDIR(mode))
        throw Error(path, "is not a folder");
}

void writeAll(int descriptor, const char* bytes, size_t size, const std::string& path) {
    while (size > 0) {
        const ssize_t written = ::write(descriptor, bytes, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            throw Error(path, "cannot write: " + reason(written < 0 ? errno : EIO));
        bytes += written;
        size -= size_t(written);
    }
}

/// Fills `descriptor` (a new temporary file) by `fill`, flushes, closes, renames to `path`.
template <typename Fill>
void writeThenRename(const std::string& path, Fill fill) {
    const std::string temporary = PrivateFiles::temporaryPathFor(path);
    const int descriptor = PrivateFiles::createFile(temporary);
    try {
        fill(descriptor, temporary);
        if (::fsync(descriptor) != 0)
            throw Error(path, "cannot flush to disk: " + reason(errno));
    } catch (...) {
        ::close(descriptor);
        ::unlink(temporary.c_str());
        throw;
    }
    if (::close(descriptor) != 0 || std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        throw Error(path, "cannot move the finished file into place: " + reason(error));
    }
}

}  // namespace

void PrivateFiles::makeFolder(const std::string& folder) {
    if (folder.empty())
        throw Error("(empty path)", "is not a folder");
    for (size_t slash = folder.find('/', 1); slash != std::string::npos;
         slash = folder.find('/', slash + 1)) {
        const std::string parent = folder.substr(0, slash);
        struct stat status {};
        if (::stat(parent.c_str(), &status) != 0)  // parents may be links (the user's choice)
            makeOneFolder(parent);
    }
    requireRealFolder(folder);
}

void PrivateFiles::makeFolderBelow(const std::string& root, const std::string& relative) {
    struct stat status {};
    if (::stat(root.c_str(), &status) != 0)
        makeFolder(root);
    else if (!S_ISDIR(status.st_mode))
        throw Error(root, "is not a folder");
    std::string path = root;
    size_t start = 0;
    while (start <= relative.size()) {
        size_t end = relative.find('/', start);
        if (end == std::string::npos)
            end = relative.size();
        const std::string part = relative.substr(start, end - start);
        if (part == "..")
            throw Error(root + "/" + relative, "would be outside " + root + "; refused");
        if (!part.empty() && part != ".") {
            path += "/" + part;
            requireRealFolder(path);
        }
        start = end + 1;
    }
}

void PrivateFiles::refuseLink(const std::string& path) {
    if (S_ISLNK(linkStatus(path)))
        throw Error(path, "is a symbolic link; SegLoop does not write through links");
}

int PrivateFiles::createFile(const std::string& path) {
    const int descriptor =
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kFileMode);
    if (descriptor < 0) {
        const int error = errno;
        if (error == EEXIST && S_ISLNK(linkStatus(path)))
            throw Error(path,
                        "a symbolic link is in the way; SegLoop does not write through links");
        throw Error(path, "cannot create: " + reason(error));
    }
    if (::fchmod(descriptor, kFileMode) != 0) {
        const int error = errno;
        ::close(descriptor);
        ::unlink(path.c_str());
        throw Error(path, "cannot make the file owner-only: " + reason(error));
    }
    return descriptor;
}

void PrivateFiles::writeAtomically(const std::string& path, const std::string& bytes) {
    writeThenRename(path, [&](int descriptor, const std::string&) {
        writeAll(descriptor, bytes.data(), bytes.size(), path);
    });
}

void PrivateFiles::copyAtomically(const std::string& from, const std::string& to) {
    const int source = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (source < 0)
        throw Error(from, "cannot read: " + reason(errno));
    try {
        writeThenRename(to, [&](int descriptor, const std::string&) {
            std::vector<char> buffer(size_t(1) << 20);
            for (;;) {
                const ssize_t got = ::read(source, buffer.data(), buffer.size());
                if (got < 0 && errno == EINTR)
                    continue;
                if (got < 0)
                    throw Error(from, "cannot read: " + reason(errno));
                if (got == 0)
                    break;
                writeAll(descriptor, buffer.data(), size_t(got), to);
            }
        });
    } catch (...) {
        ::close(source);
        throw;
    }
    ::close(source);
}

std::string PrivateFiles::temporaryPathFor(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    thread_local std::mt19937 random{std::random_device{}()};
    const size_t slash = path.rfind('/');
    const std::string folder = slash == std::string::npos ? "." : path.substr(0, slash);
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    char suffix[64];
    std::snprintf(suffix, sizeof suffix, ".tmp-%d-%u-%08x", int(::getpid()), counter++,
                  unsigned(random()));
    return folder + "/." + name + suffix;
}

void PrivateFiles::restrictNewFilesToOwner() noexcept {
    ::umask(077);
}

bool PrivateFiles::restrictMode(const std::string& path, unsigned mode) noexcept {
    struct stat status {};
    if (::lstat(path.c_str(), &status) != 0 || S_ISLNK(status.st_mode))
        return false;
    if ((status.st_mode & 07777) == mode)
        return true;
    return ::chmod(path.c_str(), mode_t(mode)) == 0;
}

}  // namespace segloop
