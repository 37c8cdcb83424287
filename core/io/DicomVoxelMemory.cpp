#include "core/io/DicomVoxelMemory.h"

#include <algorithm>
#include <cstdint>
#include <thread>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace segloop {

namespace {

/// Below this many bytes the plain resize is as fast.
constexpr size_t kMinimumBytes = size_t{32} << 20;
constexpr uintptr_t kHugePageBytes = uintptr_t{2} << 20;

#if defined(__linux__) && defined(MADV_HUGEPAGE)
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older kernels answer EINVAL, which is harmless.
#endif

/// Faults in [begin, end) (huge-page aligned) on several threads; errors are ignored.
void populate(uintptr_t begin, uintptr_t end) {
    const size_t pages = (end - begin) / kHugePageBytes;
    const size_t threadCount =
        std::min<size_t>(pages, std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::thread> threads;
    for (size_t t = 0; t < threadCount; ++t) {
        const uintptr_t from = begin + (pages * t / threadCount) * kHugePageBytes;
        const uintptr_t to = begin + (pages * (t + 1) / threadCount) * kHugePageBytes;
        threads.emplace_back(
            [from, to] { madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE); });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
}
#endif

}  // namespace

void allocateZeroedVoxels(std::vector<float>& voxels, size_t count) {
    voxels.reserve(count);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const size_t bytes = count * sizeof(float);
    if (bytes >= kMinimumBytes) {
        const uintptr_t data = reinterpret_cast<uintptr_t>(voxels.data());
        const uintptr_t begin = (data + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
        const uintptr_t end = (data + bytes) & ~(kHugePageBytes - 1);
        if (end > begin) {
            madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
            populate(begin, end);
        }
    }
#endif
    voxels.resize(count);
}

}  // namespace segloop
