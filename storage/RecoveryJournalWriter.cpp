#include "storage/RecoveryJournalWriter.h"

#include <chrono>
#include <utility>

#include "storage/RecoveryJournalFiles.h"

namespace segloop {

RecoveryJournalWriter::RecoveryJournalWriter(Done done)
    : done_(std::move(done)), thread_([this] { run(); }) {}

RecoveryJournalWriter::~RecoveryJournalWriter() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        quit_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void RecoveryJournalWriter::write(const std::string& path, RecoveryJournal journal) {
    submit(Job{path, std::move(journal)});
}

void RecoveryJournalWriter::remove(const std::string& path) {
    submit(Job{path, std::nullopt});
}

void RecoveryJournalWriter::submit(Job job) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        next_ = std::move(job);
    }
    wake_.notify_all();
}

bool RecoveryJournalWriter::waitUntilIdle() {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [this] { return !next_ && !busy_; });
    return lastOk_;
}

double RecoveryJournalWriter::lastJobMs() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return lastJobMs_;
}

void RecoveryJournalWriter::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return next_ || quit_; });
        if (!next_)
            return;  // quit, nothing left to write
        Job job = std::move(*next_);
        next_.reset();
        busy_ = true;
        lock.unlock();
        const auto start = std::chrono::steady_clock::now();
        bool ok = true;
        std::string error;
        try {
            if (job.journal)
                recovery_files::write(job.path, *job.journal);
            else
                recovery_files::remove(job.path);
        } catch (const std::exception& failure) {
            ok = false;
            error = failure.what();
        }
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        if (done_)
            done_(ok, error);
        lock.lock();
        busy_ = false;
        lastOk_ = ok;
        lastJobMs_ = ms;
        idle_.notify_all();
    }
}

}  // namespace segloop
