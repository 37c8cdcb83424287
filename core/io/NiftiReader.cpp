#include "core/io/NiftiReader.h"

#include <nifti2_io.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <mutex>

#include "core/Error.h"

namespace segloop {
namespace {

struct NiftiImageDeleter {
    void operator()(nifti_image* image) const { nifti_image_free(image); }
};
using NiftiImagePtr = std::unique_ptr<nifti_image, NiftiImageDeleter>;

struct GzFileCloser {
    void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzFilePtr = std::unique_ptr<gzFile_s, GzFileCloser>;

void silenceNiftilib() {
    static std::once_flag once;
    std::call_once(once, [] { nifti_set_debug_level(0); });
}

std::string gzProblem(gzFile file) {
    int code = Z_OK;
    const char* message = gzerror(file, &code);
    if (code == Z_ERRNO) {
        return std::strerror(errno);
    }
    return message != nullptr && *message != '\0' ? message : "read error";
}

/// Reads up to `size` bytes, looping over zlib's unsigned-int limit. Returns bytes read or throws.
size_t readFully(gzFile file, void* buffer, size_t size, const std::string& path) {
    constexpr size_t kChunk = size_t(1) << 30;
    size_t total = 0;
    auto* bytes = static_cast<unsigned char*>(buffer);
    while (total < size) {
        const unsigned chunk = static_cast<unsigned>(std::min(kChunk, size - total));
        const int got = gzread(file, bytes + total, chunk);
        if (got < 0) {
            throw Error(path, "cannot read voxel data (" + gzProblem(file) + ")");
        }
        if (got == 0) {
            break;
        }
        total += static_cast<size_t>(got);
    }
    return total;
}

int32_t byteSwapped(int32_t value) {
    uint32_t v;
    std::memcpy(&v, &value, 4);
    v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
    std::memcpy(&value, &v, 4);
    return value;
}

/// Checks what niftilib would only complain about on stderr: existence, size and magic.
void checkHeaderBytes(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        throw Error(path, std::filesystem::exists(path, error) ? "is not a regular file"
                                                              : "no such file");
    }
    GzFilePtr file(gzopen(path.c_str(), "rb"));
    if (!file) {
        throw Error(path, std::string("cannot open (") + std::strerror(errno) + ")");
    }
    unsigned char header[544] = {};
    const int got = gzread(file.get(), header, sizeof header);
    if (got < 0) {
        throw Error(path, "cannot read header (" + gzProblem(file.get()) + ")");
    }
    if (got < 348) {
        throw Error(path, "truncated NIfTI header (" + std::to_string(got) + " of 348 bytes)");
    }
    int32_t headerSize = 0;
    std::memcpy(&headerSize, header, 4);
    if (headerSize != 348 && headerSize != 540) {
        headerSize = byteSwapped(headerSize);
    }
    const bool nifti1 = headerSize == 348 && (std::memcmp(header + 344, "n+1", 4) == 0 ||
                                             std::memcmp(header + 344, "ni1", 4) == 0);
    const bool nifti2 = headerSize == 540 && std::memcmp(header + 4, "n+2", 3) == 0;
    if (headerSize == 540 && !nifti2 && got < 540) {
        throw Error(path, "truncated NIfTI-2 header (" + std::to_string(got) + " of 540 bytes)");
    }
    if (!nifti1 && !nifti2) {
        throw Error(path, "not a NIfTI file (bad magic: header size " +
                              std::to_string(headerSize) + ", expected 348 with 'n+1')");
    }
    if (std::memcmp(header + 344, "ni1", 4) == 0) {
        throw Error(path, "two-file NIfTI (.hdr/.img) is not supported; convert it to .nii");
    }
}

NiftiImagePtr readHeader(const std::string& path) {
    silenceNiftilib();
    checkHeaderBytes(path);
    NiftiImagePtr image(nifti_image_read(path.c_str(), 0));
    if (!image) {
        throw Error(path, "niftilib could not parse the header");
    }
    for (int axis = 4; axis <= 7; ++axis) {
        if (image->dim[0] >= axis && image->dim[axis] > 1) {
            throw Error(path, "has " + std::to_string(image->dim[axis]) +
                                  " volumes along dimension " + std::to_string(axis) +
                                  "; SegLoop reads single 3D volumes");
        }
    }
    if (image->nx < 1 || image->ny < 1 || image->nz < 1) {
        throw Error(path, "has an empty grid");
    }
    return image;
}

ImageGeometry geometryOf(const nifti_image& image, const std::string& path) {
    std::array<double, 16> ras{};
    if (image.sform_code > 0 || image.qform_code > 0) {
        const nifti_dmat44& m = image.sform_code > 0 ? image.sto_xyz : image.qto_xyz;
        for (int row = 0; row < 4; ++row) {
            for (int col = 0; col < 4; ++col) {
                ras[row * 4 + col] = m.m[row][col];
            }
        }
    } else {  // Analyze-style: voxel sizes only.
        ras[0] = image.dx > 0 ? image.dx : 1.0;
        ras[5] = image.dy > 0 ? image.dy : 1.0;
        ras[10] = image.dz > 0 ? image.dz : 1.0;
        ras[15] = 1.0;
    }
    for (double value : ras) {
        if (!std::isfinite(value)) {
            throw Error(path, "has a non-finite voxel-to-world transform");
        }
    }
    std::array<double, 16> lps = ras;
    for (int col = 0; col < 4; ++col) {
        lps[col] = -ras[col];
        lps[4 + col] = -ras[4 + col];
    }
    return ImageGeometry::fromAffineLps({image.nx, image.ny, image.nz}, lps);
}

template <typename T>
void convertToFloat(const void* raw, size_t count, double slope, double intercept, float* out) {
    const T* values = static_cast<const T*>(raw);
    if (slope == 1.0 && intercept == 0.0) {
        for (size_t n = 0; n < count; ++n) {
            out[n] = static_cast<float>(values[n]);
        }
    } else {
        for (size_t n = 0; n < count; ++n) {
            out[n] = static_cast<float>(values[n] * slope + intercept);
        }
    }
}

/// Loads the voxel block of `image` as float with scaling applied.
std::vector<float> readVoxelsAsFloat(const nifti_image& image, const std::string& path) {
    const size_t count = static_cast<size_t>(image.nvox);
    const size_t bytes = count * static_cast<size_t>(image.nbyper);
    std::vector<unsigned char> raw(bytes);
    GzFilePtr file(gzopen(path.c_str(), "rb"));
    if (!file || gzseek(file.get(), static_cast<z_off_t>(image.iname_offset), SEEK_SET) < 0) {
        throw Error(path, "cannot seek to the voxel data");
    }
    const size_t got = readFully(file.get(), raw.data(), bytes, path);
    if (got < bytes) {
        throw Error(path, "voxel data is truncated (got " + std::to_string(got) + " of " +
                              std::to_string(bytes) + " bytes)");
    }
    if (image.byteorder != nifti_short_order() && image.swapsize > 1) {
        nifti_swap_Nbytes(static_cast<int64_t>(count), image.swapsize, raw.data());
    }
    const double slope = (image.scl_slope == 0.0 || !std::isfinite(image.scl_slope))
                             ? 1.0 : image.scl_slope;
    const double intercept = std::isfinite(image.scl_inter) ? image.scl_inter : 0.0;
    std::vector<float> out(count);
    switch (image.datatype) {
        case DT_UINT8: convertToFloat<uint8_t>(raw.data(), count, slope, intercept, out.data()); break;
        case DT_INT8: convertToFloat<int8_t>(raw.data(), count, slope, intercept, out.data()); break;
        case DT_INT16: convertToFloat<int16_t>(raw.data(), count, slope, intercept, out.data()); break;
        case DT_UINT16: convertToFloat<uint16_t>(raw.data(), count, slope, intercept, out.data()); break;
        case DT_INT32: convertToFloat<int32_t>(raw.data(), count, slope, intercept, out.data()); break;
        case DT_UINT32: convertToFloat<uint32_t>(raw.data(), count, slope, intercept, out.data()); break;
        case DT_FLOAT32: convertToFloat<float>(raw.data(), count, slope, intercept, out.data()); break;
        case DT_FLOAT64: convertToFloat<double>(raw.data(), count, slope, intercept, out.data()); break;
        default:
            throw Error(path, std::string("unsupported voxel data type ") +
                                  nifti_datatype_string(image.datatype));
    }
    return out;
}

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

Volume readNiftiVolume(const std::string& path) {
    NiftiImagePtr image = readHeader(path);
    Volume volume;
    volume.geometry = geometryOf(*image, path);
    volume.voxels = readVoxelsAsFloat(*image, path);
    volume.sourceDataType = nifti_datatype_string(image->datatype);
    for (float value : volume.voxels) {
        if (!std::isfinite(value)) {
            throw Error(path, "contains NaN or infinite voxel values");
        }
    }
    return volume;
}

LabelMap readNiftiLabelMap(const std::string& path) {
    NiftiImagePtr image = readHeader(path);
    LabelMap labels;
    labels.geometry = geometryOf(*image, path);
    const std::vector<float> values = readVoxelsAsFloat(*image, path);
    labels.labels.resize(values.size());
    for (size_t n = 0; n < values.size(); ++n) {
        const float value = values[n];
        if (!(value >= 0.0f && value <= 65535.0f) || value != std::floor(value)) {
            const auto& size = labels.geometry.size;
            const size_t i = n % size_t(size[0]);
            const size_t j = (n / size_t(size[0])) % size_t(size[1]);
            const size_t k = n / (size_t(size[0]) * size_t(size[1]));
            throw Error(path, "voxel (" + std::to_string(i) + "," + std::to_string(j) + "," +
                                  std::to_string(k) + ") has value " + std::to_string(value) +
                                  ", which is not a class number (whole, 0 to 65535)");
        }
        labels.labels[n] = static_cast<uint16_t>(value);
    }
    return labels;
}

ImageGeometry readNiftiGeometry(const std::string& path) {
    NiftiImagePtr image = readHeader(path);
    return geometryOf(*image, path);
}

bool hasNiftiExtension(const std::string& path) {
    const std::string lower = lowercase(path);
    auto endsWith = [&](const std::string& suffix) {
        return lower.size() > suffix.size() &&
               lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return endsWith(".nii") || endsWith(".nii.gz");
}

std::string niftiStem(const std::string& path) {
    std::string name = std::filesystem::path(path).filename().string();
    const std::string lower = lowercase(name);
    for (const char* suffix : {".nii.gz", ".nii"}) {
        const size_t length = std::strlen(suffix);
        if (lower.size() > length && lower.compare(lower.size() - length, length, suffix) == 0) {
            return name.substr(0, name.size() - length);
        }
    }
    return name;
}

}  // namespace segloop
