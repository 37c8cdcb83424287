#include "learning/training/WorkerPriority.h"

#include <cstring>

#include <pthread.h>
#include <sched.h>

namespace segloop {

std::string applyWorkerPriority(WorkerPriority priority) {
    if (priority == WorkerPriority::Normal)
        return {};
#ifdef SCHED_IDLE
    sched_param parameters{};
    parameters.sched_priority = 0;  // the only value SCHED_IDLE takes
    const int error = pthread_setschedparam(pthread_self(), SCHED_IDLE, &parameters);
    if (error != 0)
        return std::string("could not lower the training thread's priority: ") +
               std::strerror(error);
    return {};
#else
    return "this system has no idle scheduling class; training runs at normal priority";
#endif
}

bool currentThreadIsBackground() {
#ifdef SCHED_IDLE
    int policy = 0;
    sched_param parameters{};
    return pthread_getschedparam(pthread_self(), &policy, &parameters) == 0 && policy == SCHED_IDLE;
#else
    return false;
#endif
}

}  // namespace segloop
