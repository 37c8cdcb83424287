#pragma once

#include <string>

namespace segloop {

/// Creating files and folders that hold patient data: owner-only whatever the umask (folders
/// 0700, files 0600), and never through a symbolic link. POSIX calls underneath; any thread;
/// every function throws segloop::Error naming the path and the system's reason.
///
/// Links: a file is created with O_CREAT|O_EXCL|O_NOFOLLOW (a link planted at its name is
/// refused, never followed); a folder that exists as a link is refused, so a write cannot be
/// sent out of the project or the export folder the user chose. A link *at the final name* of
/// a write-then-rename file is harmless: rename(2) replaces the link, it does not follow it.
struct PrivateFiles {
    static constexpr unsigned kFolderMode = 0700;
    static constexpr unsigned kFileMode = 0600;

    /// Creates `folder` and its missing parents with mode 0700 (parents that exist keep their
    /// mode). Refuses a `folder` that is a symbolic link or not a folder.
    static void makeFolder(const std::string& folder);

    /// Like makeFolder for `root`/`relative` ("labels", "source/NAME"), and refuses when any
    /// existing component below `root` is a symbolic link. `root` itself may be a link (the
    /// user chose it).
    static void makeFolderBelow(const std::string& root, const std::string& relative);

    /// Throws when `path` exists and is a symbolic link.
    static void refuseLink(const std::string& path);

    /// Opens a new file for writing, mode 0600: O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, then
    /// fchmod so that the umask does not matter. Refuses an existing file or link at `path`.
    /// Returns the descriptor; the caller closes it.
    static int createFile(const std::string& path);

    /// Writes `bytes` to `path` (mode 0600): under a fresh hidden name in the same folder,
    /// flushed, then renamed over `path`.
    static void writeAtomically(const std::string& path, const std::string& bytes);

    /// Copies the file `from` to `to` the same way (mode 0600, write then rename).
    static void copyAtomically(const std::string& from, const std::string& to);

    /// A fresh hidden path beside `path` for writing it ("<folder>/.<name>.tmp-<pid>-<n>").
    static std::string temporaryPathFor(const std::string& path);

    /// umask(077) for the whole process: files that libraries create (LibTorch checkpoints,
    /// SQLite, minizip, Qt) are owner-only too. Called first thing by segloop and segloop-cli.
    static void restrictNewFilesToOwner() noexcept;

    /// chmod(path, mode) unless `path` is a link; false when it is a link or chmod fails
    /// (a read-only file system, another user's file). Never throws.
    static bool restrictMode(const std::string& path, unsigned mode) noexcept;
};

}  // namespace segloop
