#pragma once

// Plain declarations (no LibTorch in this header).
#include <exception>
#include <string>

#include "core/Error.h"

namespace segloop {

/// Whether `error` says a device or the host ran out of memory: LibTorch's
/// c10::OutOfMemoryError, any c10::Error whose message says "out of memory" (CUDA's caching
/// allocator, "CUDA error: out of memory"), "CUBLAS_STATUS_ALLOC_FAILED",
/// "CUDNN_STATUS_ALLOC_FAILED" or "not enough memory" (LibTorch's CPU allocator), and
/// std::bad_alloc (a host allocation of the step, e.g. a patch too large). segloop::Error is
/// never one: those are our own, already explained failures.
bool isOutOfMemory(const std::exception& error);

/// The first line of an exception's message, without LibTorch's backtrace.
std::string shortErrorText(const std::exception& error);

/// Hands the CUDA caching allocator's unused blocks back to the driver (after the failed
/// step's tensors were freed), so the retried step finds them unfragmented. Does nothing on a
/// LibTorch without CUDA (Debian's) or when `cuda` is false.
void releaseCachedDeviceMemory(bool cuda);

/// A training step ran out of memory with nothing left to lower: the run cannot go on.
class OutOfMemoryFailure : public Error {
  public:
    using Error::Error;
};

}  // namespace segloop
