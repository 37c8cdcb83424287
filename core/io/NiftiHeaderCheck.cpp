#include "core/io/NiftiHeaderCheck.h"

#include <cstdint>
#include <cstring>
#include <utility>

#include "core/Error.h"

namespace segloop {
namespace {

/// The integer of type T at `offset`, in the byte order of the file (`swapped`: the other one).
template <typename T>
T fieldAt(const std::vector<unsigned char>& bytes, size_t offset, bool swapped) {
    unsigned char raw[sizeof(T)];
    std::memcpy(raw, bytes.data() + offset, sizeof(T));
    if (swapped) {
        for (size_t n = 0; n < sizeof(T) / 2; ++n)
            std::swap(raw[n], raw[sizeof(T) - 1 - n]);
    }
    T value;
    std::memcpy(&value, raw, sizeof(T));
    return value;
}

/// More voxels than any volume SegLoop can hold in memory (2^40 voxels, 4 TB of float).
constexpr int64_t kMaxVoxels = int64_t(1) << 40;

}  // namespace

void checkNiftiHeaderFields(const std::vector<unsigned char>& bytes, bool nifti2, bool swapped,
                            const std::string& path) {
    // dim[8]: int16 at offset 40 (NIfTI-1) or int64 at offset 16 (NIfTI-2).
    int64_t dim[8];
    for (size_t n = 0; n < 8; ++n) {
        dim[n] = nifti2 ? fieldAt<int64_t>(bytes, 16 + 8 * n, swapped)
                        : fieldAt<int16_t>(bytes, 40 + 2 * n, swapped);
    }
    if (dim[0] < 1 || dim[0] > 7) {
        throw Error(path, "has an invalid number of dimensions (dim[0] = " +
                              std::to_string(dim[0]) + ", NIfTI allows 1 to 7)");
    }
    int64_t voxels = 1;
    for (int64_t axis = 1; axis <= dim[0]; ++axis) {
        if (dim[axis] < 0 || dim[axis] > kMaxVoxels) {
            throw Error(path, "has an invalid size along dimension " + std::to_string(axis) +
                                  " (dim[" + std::to_string(axis) +
                                  "] = " + std::to_string(dim[axis]) + ")");
        }
        // Checked before multiplying: two sizes under 2^40 each can overflow 64 bits.
        const int64_t size = dim[axis] > 0 ? dim[axis] : 1;
        if (voxels > kMaxVoxels / size) {
            throw Error(path, "declares more than 2^40 voxels (dim = " + std::to_string(dim[1]) +
                                  " x " + std::to_string(dim[2]) + " x ...): not a real image");
        }
        voxels *= size;
    }
}

}  // namespace segloop
