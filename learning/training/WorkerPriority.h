#pragma once

#include <string>

namespace segloop {

/// How a TrainingService's worker shares the CPU with the rest of the process.
enum class WorkerPriority {
    /// As any thread: the command-line tool on a server, where training is the job.
    Normal,
    /// Runs only when no other thread wants the CPU (Linux SCHED_IDLE): the desktop window,
    /// whose redraws must not wait behind training steps on a machine with few cores. Training
    /// still takes every idle cycle, so it goes on at full speed while the user looks.
    Background,
};

/// Applies `priority` to the calling thread; threads it starts later (LibTorch's OpenMP
/// workers) inherit it. Returns an empty string, or why it could not (the thread keeps its
/// priority; nothing else changes).
std::string applyWorkerPriority(WorkerPriority priority);

/// The calling thread runs at background priority (SCHED_IDLE).
bool currentThreadIsBackground();

}  // namespace segloop
