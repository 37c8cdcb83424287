#pragma once

#include <string>

namespace segloop {

/// An advisory lock (flock(2)) on a folder, held while the object lives: shared by every
/// process that has a project open for writing, exclusive only for the moment a process that
/// is alone with the project sweeps its orphan files (OrphanSweep.h). flock locks belong to an
/// open file description, so two opens in one process (the window's worker connections) see
/// each other as well as other processes do. Local file systems only (on NFS, flock falls back
/// to POSIX record locks). Movable, not copyable; one thread at a time.
class FolderLock {
  public:
    /// Takes the lock exclusively if nobody holds it; an unlocked object otherwise
    /// (exclusive() false). Throws Error when the folder cannot be opened.
    static FolderLock tryExclusive(const std::string& folder);
    /// Waits for a shared lock (only an exclusive holder, a sweep, makes it wait).
    static FolderLock shared(const std::string& folder);

    ~FolderLock();
    FolderLock(FolderLock&& other) noexcept;
    FolderLock& operator=(FolderLock&& other) noexcept;
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

    bool exclusive() const { return exclusive_; }
    /// Turns an exclusive lock into a shared one (waits if another process took the
    /// exclusive one in between: flock does not convert atomically).
    void share();

  private:
    FolderLock(std::string folder, int descriptor, bool exclusive);

    std::string folder_;
    int descriptor_ = -1;
    bool exclusive_ = false;
};

}  // namespace segloop
