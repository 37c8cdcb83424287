#include "core/jobs/Progress.h"

#include "core/Error.h"

namespace segloop {

void reportProgress(Progress* progress, const std::string& stage, size_t done, size_t total) {
    if (progress != nullptr && !progress->update(stage, done, total)) {
        throw Cancelled();
    }
}

}  // namespace segloop
