#include "core/io/NiftiReader.h"

#include <libdeflate.h>
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
#include "core/io/NiftiHeaderCheck.h"

namespace segloop {
namespace {

struct NiftiImageDeleter {
    void operator()(nifti_image* image) const { nifti_image_free(image); }
};
using NiftiImagePtr = std::unique_ptr<nifti_image, NiftiImageDeleter>;

void silenceNiftilib() {
    static std::once_flag once;
    std::call_once(once, [] { nifti_set_debug_level(0); });
}

/// The whole file, as stored on disk.
std::vector<unsigned char> readFileBytes(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        throw Error(
            path, std::filesystem::exists(path, error) ? "is not a regular file" : "no such file");
    }
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) {
        throw Error(path, std::string("cannot open (") + std::strerror(errno) + ")");
    }
    std::vector<unsigned char> bytes(std::filesystem::file_size(path, error));
    if (std::fread(bytes.data(), 1, bytes.size(), file.get()) != bytes.size()) {
        throw Error(path, std::string("cannot read (") + std::strerror(errno) + ")");
    }
    return bytes;
}

bool isGzip(const std::vector<unsigned char>& bytes) {
    return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

/// Inflates gzip data (all members) in one pass; stops once `limit` bytes are out.
std::vector<unsigned char> inflateGzip(const std::vector<unsigned char>& packed, size_t limit,
                                       const std::string& path) {
    // The gzip trailer holds the unpacked size modulo 2^32: a good first guess.
    size_t guess = 0;
    if (packed.size() >= 4) {
        const unsigned char* tail = packed.data() + packed.size() - 4;
        guess =
            size_t(tail[0]) | size_t(tail[1]) << 8 | size_t(tail[2]) << 16 | size_t(tail[3]) << 24;
    }
    // A damaged file's "trailer" is arbitrary: start from a modest guess and grow on demand.
    guess = std::min(guess, packed.size() * 16);
    std::vector<unsigned char> out(std::min(limit, std::max<size_t>(guess, 1024)));
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK) {
        throw Error(path, "cannot start decompression");
    }
    stream.next_in = const_cast<unsigned char*>(packed.data());
    stream.avail_in = static_cast<uInt>(packed.size());
    size_t produced = 0;
    int status = Z_OK;
    while (produced < limit) {
        if (produced == out.size()) {
            out.resize(std::min(limit, out.size() * 2));
        }
        stream.next_out = out.data() + produced;
        stream.avail_out = static_cast<uInt>(std::min<size_t>(out.size() - produced, 1u << 30));
        const uInt before = stream.avail_out;
        status = inflate(&stream, Z_NO_FLUSH);
        produced += before - stream.avail_out;
        if (status == Z_STREAM_END) {
            if (stream.avail_in == 0) {
                break;
            }
            inflateReset(&stream);  // another gzip member follows
        } else if (status != Z_OK && !(status == Z_BUF_ERROR && stream.avail_out == 0)) {
            break;
        }
    }
    const std::string zlibMessage = stream.msg != nullptr ? stream.msg : "";
    inflateEnd(&stream);
    if (status == Z_DATA_ERROR || status == Z_MEM_ERROR || status == Z_STREAM_ERROR) {
        throw Error(path, "corrupt gzip data (" + zlibMessage + ")");
    }
    out.resize(produced);
    return out;
}

/// Inflates whole gzip members with libdeflate (about twice zlib's speed). Returns false on any
/// problem, so that the caller falls back to zlib, which reports truncation precisely.
bool inflateGzipFast(const std::vector<unsigned char>& packed, std::vector<unsigned char>& out) {
    std::unique_ptr<libdeflate_decompressor, void (*)(libdeflate_decompressor*)> decompressor(
        libdeflate_alloc_decompressor(), &libdeflate_free_decompressor);
    if (!decompressor || packed.size() < 18) {
        return false;
    }
    const unsigned char* tail = packed.data() + packed.size() - 4;
    size_t capacity =
        size_t(tail[0]) | size_t(tail[1]) << 8 | size_t(tail[2]) << 16 | size_t(tail[3]) << 24;
    capacity = std::min(capacity, packed.size() * 1032);  // a damaged trailer can say anything
    out.resize(std::max<size_t>(capacity, 1024));
    size_t consumed = 0;
    size_t produced = 0;
    while (consumed < packed.size()) {
        size_t memberIn = 0;
        size_t memberOut = 0;
        const libdeflate_result result = libdeflate_gzip_decompress_ex(
            decompressor.get(), packed.data() + consumed, packed.size() - consumed,
            out.data() + produced, out.size() - produced, &memberIn, &memberOut);
        if (result == LIBDEFLATE_INSUFFICIENT_SPACE) {
            if (out.size() > packed.size() * 1032) {
                return false;  // more than deflate can produce: damaged data
            }
            out.resize(out.size() * 2);
            continue;
        }
        if (result != LIBDEFLATE_SUCCESS) {
            return false;
        }
        consumed += memberIn;
        produced += memberOut;
    }
    out.resize(produced);
    return true;
}

/// The file's NIfTI bytes (decompressed), at most `limit` of them.
std::vector<unsigned char> readNiftiBytes(const std::string& path, size_t limit) {
    std::vector<unsigned char> bytes = readFileBytes(path);
    if (isGzip(bytes)) {
        std::vector<unsigned char> out;
        if (limit == std::numeric_limits<size_t>::max() && inflateGzipFast(bytes, out)) {
            return out;
        }
        return inflateGzip(bytes, limit, path);
    }
    if (bytes.size() > limit) {
        bytes.resize(limit);
    }
    return bytes;
}

int32_t byteSwapped(int32_t value) {
    uint32_t v;
    std::memcpy(&v, &value, 4);
    v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
    std::memcpy(&value, &v, 4);
    return value;
}

/// Checks what niftilib would only complain about on stderr (size and magic), then has
/// niftilib turn the header into a nifti_image.
NiftiImagePtr parseHeader(const std::vector<unsigned char>& bytes, const std::string& path) {
    silenceNiftilib();
    if (bytes.size() < 348) {
        throw Error(path,
                    "truncated NIfTI header (" + std::to_string(bytes.size()) + " of 348 bytes)");
    }
    int32_t headerSize = 0;
    std::memcpy(&headerSize, bytes.data(), 4);
    if (headerSize != 348 && headerSize != 540) {
        headerSize = byteSwapped(headerSize);
    }
    const unsigned char* magic1 = bytes.data() + 344;
    const bool nifti1 = headerSize == 348 &&
                        (std::memcmp(magic1, "n+1", 4) == 0 || std::memcmp(magic1, "ni1", 4) == 0);
    const bool nifti2 = headerSize == 540 && std::memcmp(bytes.data() + 4, "n+2", 3) == 0;
    if (!nifti1 && !nifti2) {
        throw Error(path, "not a NIfTI file (bad magic: header size " + std::to_string(headerSize) +
                              ", expected 348 with 'n+1')");
    }
    if (nifti1 && std::memcmp(magic1, "ni1", 4) == 0) {
        throw Error(path, "two-file NIfTI (.hdr/.img) is not supported; convert it to .nii");
    }
    if (nifti2 && bytes.size() < 540) {
        throw Error(path,
                    "truncated NIfTI-2 header (" + std::to_string(bytes.size()) + " of 540 bytes)");
    }
    int32_t nativeSize = 0;
    std::memcpy(&nativeSize, bytes.data(), 4);
    checkNiftiHeaderFields(bytes, nifti2, nativeSize != headerSize, path);
    NiftiImagePtr image;
    if (nifti1) {
        nifti_1_header header;
        std::memcpy(&header, bytes.data(), sizeof header);
        image.reset(nifti_convert_n1hdr2nim(header, path.c_str()));
    } else {
        nifti_2_header header;
        std::memcpy(&header, bytes.data(), sizeof header);
        image.reset(nifti_convert_n2hdr2nim(header, path.c_str()));
    }
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

/// The n-th value of type T in `raw`, which need not be aligned: vox_offset is any number a
/// file declares (NIfTI asks for a multiple of 16, files do not all follow it).
template <typename T>
T valueAt(const unsigned char* raw, size_t n) {
    T value;
    std::memcpy(&value, raw + n * sizeof(T), sizeof(T));
    return value;
}

template <typename T>
void convertToFloat(const unsigned char* raw, size_t count, double slope, double intercept,
                    float* out) {
    if (slope == 1.0 && intercept == 0.0) {
        for (size_t n = 0; n < count; ++n) {
            out[n] = static_cast<float>(valueAt<T>(raw, n));
        }
    } else {
        for (size_t n = 0; n < count; ++n) {
            out[n] = static_cast<float>(valueAt<T>(raw, n) * slope + intercept);
        }
    }
}

/// The voxel block that follows the header in `bytes`, size-checked and in native byte order.
unsigned char* voxelBlock(const nifti_image& image, std::vector<unsigned char>& bytes,
                          const std::string& path) {
    const size_t count = static_cast<size_t>(image.nvox);
    const size_t size = count * static_cast<size_t>(image.nbyper);
    const size_t offset = static_cast<size_t>(image.iname_offset);
    const size_t available = bytes.size() > offset ? bytes.size() - offset : 0;
    if (available < size) {
        throw Error(path, "voxel data is truncated (got " + std::to_string(available) + " of " +
                              std::to_string(size) + " bytes)");
    }
    unsigned char* raw = bytes.data() + offset;
    if (image.byteorder != nifti_short_order() && image.swapsize > 1) {
        nifti_swap_Nbytes(static_cast<int64_t>(count), image.swapsize, raw);
    }
    return raw;
}

bool isUnscaled(const nifti_image& image) {
    return (image.scl_slope == 0.0 || image.scl_slope == 1.0 || !std::isfinite(image.scl_slope)) &&
           (image.scl_inter == 0.0 || !std::isfinite(image.scl_inter));
}

/// Converts the voxel block that follows the header in `bytes` to float, scaling applied.
std::vector<float> voxelsAsFloat(const nifti_image& image, std::vector<unsigned char>& bytes,
                                 const std::string& path) {
    const size_t count = static_cast<size_t>(image.nvox);
    const unsigned char* raw = voxelBlock(image, bytes, path);
    const double slope =
        (image.scl_slope == 0.0 || !std::isfinite(image.scl_slope)) ? 1.0 : image.scl_slope;
    const double intercept = std::isfinite(image.scl_inter) ? image.scl_inter : 0.0;
    std::vector<float> out(count);
    switch (image.datatype) {
        case DT_UINT8:
            convertToFloat<uint8_t>(raw, count, slope, intercept, out.data());
            break;
        case DT_INT8:
            convertToFloat<int8_t>(raw, count, slope, intercept, out.data());
            break;
        case DT_INT16:
            convertToFloat<int16_t>(raw, count, slope, intercept, out.data());
            break;
        case DT_UINT16:
            convertToFloat<uint16_t>(raw, count, slope, intercept, out.data());
            break;
        case DT_INT32:
            convertToFloat<int32_t>(raw, count, slope, intercept, out.data());
            break;
        case DT_UINT32:
            convertToFloat<uint32_t>(raw, count, slope, intercept, out.data());
            break;
        case DT_FLOAT32:
            convertToFloat<float>(raw, count, slope, intercept, out.data());
            break;
        case DT_FLOAT64:
            convertToFloat<double>(raw, count, slope, intercept, out.data());
            break;
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

/// The decompressed file and its parsed header.
struct NiftiFile {
    std::vector<unsigned char> bytes;
    NiftiImagePtr image;
};

NiftiFile readNiftiFile(const std::string& path) {
    NiftiFile file;
    file.bytes = readNiftiBytes(path, std::numeric_limits<size_t>::max());
    file.image = parseHeader(file.bytes, path);
    return file;
}

}  // namespace

Volume readNiftiVolume(const std::string& path) {
    NiftiFile file = readNiftiFile(path);
    const nifti_image* image = file.image.get();
    Volume volume;
    volume.geometry = geometryOf(*image, path);
    volume.voxels = voxelsAsFloat(*image, file.bytes, path);
    volume.sourceDataType = nifti_datatype_string(image->datatype);
    if (image->datatype == DT_FLOAT32 || image->datatype == DT_FLOAT64) {
        for (float value : volume.voxels) {
            if (!std::isfinite(value)) {
                throw Error(path, "contains NaN or infinite voxel values");
            }
        }
    }
    return volume;
}

LabelMap readNiftiLabelMap(const std::string& path) {
    NiftiFile file = readNiftiFile(path);
    LabelMap labels;
    labels.geometry = geometryOf(*file.image, path);
    const int dataType = file.image->datatype;
    if ((dataType == DT_UINT8 || dataType == DT_UINT16) && isUnscaled(*file.image)) {
        const unsigned char* raw = voxelBlock(*file.image, file.bytes, path);
        const size_t count = static_cast<size_t>(file.image->nvox);
        labels.labels.resize(count);
        for (size_t n = 0; n < count; ++n) {
            labels.labels[n] = dataType == DT_UINT8 ? raw[n] : valueAt<uint16_t>(raw, n);
        }
        return labels;
    }
    const std::vector<float> values = voxelsAsFloat(*file.image, file.bytes, path);
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
    const std::vector<unsigned char> bytes = readNiftiBytes(path, 544);
    return geometryOf(*parseHeader(bytes, path), path);
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
