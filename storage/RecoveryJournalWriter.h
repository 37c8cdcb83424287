#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "storage/RecoveryJournal.h"

namespace segloop {

/// One thread of its own that writes (recovery_files::write: temp, fsync, rename) and removes
/// recovery journals, so that the window's GUI thread never waits on the disk. Jobs run one at
/// a time in the order asked; a job not started yet is replaced by the next one asked (only the
/// newest state of a case matters). `done(ok, error)` runs on the writer thread after each job
/// (`error` names the file). The destructor finishes the job running and the one waiting.
class RecoveryJournalWriter {
  public:
    using Done = std::function<void(bool ok, const std::string& error)>;

    explicit RecoveryJournalWriter(Done done);
    ~RecoveryJournalWriter();
    RecoveryJournalWriter(const RecoveryJournalWriter&) = delete;
    RecoveryJournalWriter& operator=(const RecoveryJournalWriter&) = delete;

    void write(const std::string& path, RecoveryJournal journal);
    void remove(const std::string& path);
    /// Waits until no job waits or runs; true when the last job succeeded.
    bool waitUntilIdle();
    /// Milliseconds the last job took on the writer thread.
    double lastJobMs() const;

  private:
    struct Job {
        std::string path;
        std::optional<RecoveryJournal> journal;  ///< nullopt: remove the file
    };
    void submit(Job job);
    void run();

    Done done_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::optional<Job> next_;
    bool busy_ = false;
    bool quit_ = false;
    bool lastOk_ = true;
    double lastJobMs_ = 0.0;
    std::thread thread_;
};

}  // namespace segloop
