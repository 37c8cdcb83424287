#include "core/io/DicomParallel.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace segloop {

void runDicomTasks(size_t count, Progress* progress, const std::string& stage,
                   const std::function<void(size_t)>& task) {
    reportProgress(progress, stage, 0, count);
    if (count == 0) {
        return;
    }
    const size_t threadCount =
        std::min<size_t>(count, std::max(1u, std::thread::hardware_concurrency()));

    std::atomic<size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable changed;
    size_t done = 0;
    std::exception_ptr failure;

    auto worker = [&] {
        while (!stop.load()) {
            const size_t index = next.fetch_add(1);
            if (index >= count) {
                break;
            }
            try {
                task(index);
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!failure) {
                    failure = std::current_exception();
                }
                stop = true;
                changed.notify_all();
                break;
            }
            {
                std::lock_guard<std::mutex> lock(mutex);
                ++done;
            }
            changed.notify_all();
        }
    };

    std::vector<std::thread> threads;
    threads.reserve(threadCount);
    for (size_t t = 0; t < threadCount; ++t) {
        threads.emplace_back(worker);
    }

    size_t reported = 0;
    std::unique_lock<std::mutex> lock(mutex);
    while (reported < count) {
        changed.wait(lock, [&] { return done != reported || failure; });
        if (failure) {
            break;
        }
        reported = done;
        lock.unlock();
        try {
            reportProgress(progress, stage, reported, count);
        } catch (...) {
            lock.lock();
            if (!failure) {
                failure = std::current_exception();
            }
            stop = true;
            break;
        }
        lock.lock();
    }
    lock.unlock();

    for (std::thread& thread : threads) {
        thread.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

}  // namespace segloop
