#include "learning/training/OutOfMemory.h"

#include <c10/util/Exception.h>

#include <algorithm>
#include <cctype>
#include <new>

// Set by learning/CMakeLists.txt when LibTorch was built with CUDA (c10_cuda found):
// Debian's CPU LibTorch ships this header without the library behind it.
#if defined(SEGLOOP_TORCH_CUDA)
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace segloop {
namespace {

std::string lowerCase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

bool isOutOfMemory(const std::exception& error) {
    if (dynamic_cast<const std::bad_alloc*>(&error) != nullptr) {
        return true;
    }
    if (dynamic_cast<const c10::OutOfMemoryError*>(&error) != nullptr) {
        return true;
    }
    const auto* torchError = dynamic_cast<const c10::Error*>(&error);
    if (torchError == nullptr) {
        return false;
    }
    const std::string message = lowerCase(torchError->what_without_backtrace());
    for (const char* sign : {"out of memory", "cublas_status_alloc_failed",
                             "cudnn_status_alloc_failed", "not enough memory"}) {
        if (message.find(sign) != std::string::npos) {
            return true;
        }
    }
    return false;
}

std::string shortErrorText(const std::exception& error) {
    const auto* torchError = dynamic_cast<const c10::Error*>(&error);
    std::string text = torchError != nullptr ? torchError->what_without_backtrace() : error.what();
    const size_t end = text.find('\n');
    if (end != std::string::npos) {
        text.resize(end);
    }
    return text;
}

void releaseCachedDeviceMemory(bool cuda) {
#if defined(SEGLOOP_TORCH_CUDA)
    if (cuda) {
        c10::cuda::CUDACachingAllocator::emptyCache();
    }
#else
    (void)cuda;
#endif
}

}  // namespace segloop
