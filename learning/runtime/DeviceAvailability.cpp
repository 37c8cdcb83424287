#include "learning/runtime/DeviceAvailability.h"

#include <torch/cuda.h>

namespace segloop {

bool trainsOnCuda(const std::string& setting) {
    if (setting == "cpu")
        return false;
    return setting == "cuda" || torch::cuda::is_available();
}

}  // namespace segloop
