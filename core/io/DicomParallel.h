#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "core/jobs/Progress.h"

namespace segloop {

/// Internal to core/io: runs `task(i)` for every i in [0, count) on up to
/// std::thread::hardware_concurrency() worker threads (each task must touch only its own
/// outputs), while the calling thread reports `stage` progress (done, count) after each task.
/// The first exception, from a task or Cancelled from the progress, stops the workers from
/// taking new tasks; it is rethrown on the calling thread once every worker has finished.
void runDicomTasks(size_t count, Progress* progress, const std::string& stage,
                   const std::function<void(size_t)>& task);

}  // namespace segloop
