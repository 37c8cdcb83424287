#include "learning/training/OutOfMemoryInjection.h"

#include <c10/util/Exception.h>

#include <cstdlib>
#include <sstream>

#include "core/Error.h"

namespace segloop {

OutOfMemoryInjection OutOfMemoryInjection::fromEnvironment() {
    const char* value = std::getenv(kVariable);
    return OutOfMemoryInjection(value == nullptr ? "" : value);
}

OutOfMemoryInjection::OutOfMemoryInjection(const std::string& value) {
    std::istringstream items(value);
    std::string item;
    while (std::getline(items, item, ',')) {
        const bool every = !item.empty() && item.back() == '*';
        const std::string number = every ? item.substr(0, item.size() - 1) : item;
        size_t used = 0;
        long long step = 0;
        try {
            step = std::stoll(number, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (number.empty() || used != number.size() || step < 1) {
            throw Error(kVariable,
                        "'" + value + "' is not a list of step numbers (e.g. 3,5 or 4*)");
        }
        int& failures = failuresLeft_[step];
        failures = every || failures == kEveryAttempt ? kEveryAttempt : failures + 1;
    }
}

void OutOfMemoryInjection::beforeAttempt(int64_t step) {
    if (failuresLeft_.empty()) {
        return;
    }
    const auto found = failuresLeft_.find(step);
    if (found == failuresLeft_.end()) {
        return;
    }
    if (found->second != kEveryAttempt && --found->second == 0) {
        failuresLeft_.erase(found);
    }
    throw c10::Error({__func__, __FILE__, static_cast<uint32_t>(__LINE__)},
                     "CUDA out of memory. Tried to allocate 2.00 GiB (injected at step " +
                         std::to_string(step) + " by " + kVariable + ")");
}

}  // namespace segloop
