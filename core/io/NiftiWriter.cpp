#include "core/io/NiftiWriter.h"

#include <fcntl.h>
#include <nifti2_io.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <vector>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "core/io/PrivateFiles.h"

namespace segloop {
namespace {

/// The narrowest NIfTI type that holds every value exactly.
int losslessDataType(const std::vector<float>& values) {
    float low = 0.0f;
    float high = 0.0f;
    bool whole = true;
    if (!values.empty()) {
        const auto [minIt, maxIt] = std::minmax_element(values.begin(), values.end());
        low = *minIt;
        high = *maxIt;
    }
    for (float value : values) {
        if (value != std::nearbyint(value)) {
            whole = false;
            break;
        }
    }
    if (!whole) {
        return DT_FLOAT32;
    }
    if (low >= 0.0f && high <= 255.0f) {
        return DT_UINT8;
    }
    if (low >= -32768.0f && high <= 32767.0f) {
        return DT_INT16;
    }
    if (low >= 0.0f && high <= 65535.0f) {
        return DT_UINT16;
    }
    return DT_FLOAT32;
}

/// The voxel bytes of a file, produced piece by piece so that no second full-size copy of the
/// image is ever made: encode(first, count, out) writes voxels [first, first + count).
struct VoxelBytes {
    size_t voxelCount = 0;
    size_t bytesPerVoxel = 0;
    std::function<void(size_t first, size_t count, unsigned char* out)> encode;
};

template <typename T, typename Source>
VoxelBytes encodeAs(const std::vector<Source>& values) {
    return {values.size(), sizeof(T), [&values](size_t first, size_t count, unsigned char* out) {
                T* typed = reinterpret_cast<T*>(out);
                for (size_t n = 0; n < count; ++n) {
                    typed[n] = static_cast<T>(values[first + n]);
                }
            }};
}

template <typename Source>
VoxelBytes encodeAs(int dataType, const std::vector<Source>& values) {
    switch (dataType) {
        case DT_UINT8:
            return encodeAs<uint8_t>(values);
        case DT_INT16:
            return encodeAs<int16_t>(values);
        case DT_UINT16:
            return encodeAs<uint16_t>(values);
        default:
            return encodeAs<float>(values);
    }
}

/// A NIfTI-1 header for `geometry` (qform and sform both set, RAS, mm) built with niftilib.
nifti_1_header makeHeader(const ImageGeometry& geometry, int dataType, const std::string& path) {
    const int64_t dims[8] = {3, geometry.size[0], geometry.size[1], geometry.size[2], 1, 1, 1, 1};
    nifti_image* image = nifti_make_new_nim(dims, dataType, 0);
    if (image == nullptr) {
        throw Error(path, "niftilib could not make a header");
    }
    const std::array<double, 16> ras = geometry.affineRas();
    for (int row = 0; row < 4; ++row) {
        for (int col = 0; col < 4; ++col) {
            image->sto_xyz.m[row][col] = ras[row * 4 + col];
        }
    }
    image->sform_code = NIFTI_XFORM_SCANNER_ANAT;
    image->qform_code = NIFTI_XFORM_SCANNER_ANAT;
    double dx = 0, dy = 0, dz = 0;
    nifti_dmat44_to_quatern(image->sto_xyz, &image->quatern_b, &image->quatern_c, &image->quatern_d,
                            &image->qoffset_x, &image->qoffset_y, &image->qoffset_z, &dx, &dy, &dz,
                            &image->qfac);
    image->dx = image->pixdim[1] = geometry.spacingMm[0];
    image->dy = image->pixdim[2] = geometry.spacingMm[1];
    image->dz = image->pixdim[3] = geometry.spacingMm[2];
    image->xyz_units = NIFTI_UNITS_MM;
    image->nifti_type = NIFTI_FTYPE_NIFTI1_1;
    image->scl_slope = 1.0;
    image->scl_inter = 0.0;
    std::strncpy(image->descrip, "SegLoop", sizeof image->descrip - 1);
    nifti_1_header header{};
    const int failed = nifti_convert_nim2n1hdr(image, &header);
    nifti_image_free(image);
    if (failed != 0) {
        throw Error(path, "niftilib could not convert the header (grid too large for NIfTI-1?)");
    }
    header.vox_offset = 352.0f;
    std::memcpy(header.magic, "n+1", 4);
    return header;
}

std::string temporaryPathFor(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path target(path);
    return (target.parent_path() / ("." + target.filename().string() + ".tmp-" +
                                    std::to_string(getpid()) + "-" + std::to_string(counter++)))
        .string();
}

bool isGzipPath(const std::string& path) {
    return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
}

/// Sequential output to a plain or gzip (level 1) file; remembers the first failure.
class OutputFile {
  public:
    OutputFile(int fd, bool gzip) : fd_(fd) {
        if (gzip) {
            gz_ = gzdopen(::dup(fd), "wb1");
            if (gz_ == nullptr) {
                problem_ = "cannot start compression";
            }
        }
    }

    void put(const void* data, size_t size) {
        const auto* bytes = static_cast<const unsigned char*>(data);
        while (size > 0 && problem_.empty()) {
            const size_t piece = std::min<size_t>(size, size_t(1) << 28);
            const long done = gz_ != nullptr ? gzwrite(gz_, bytes, static_cast<unsigned>(piece))
                                             : static_cast<long>(::write(fd_, bytes, piece));
            if (done < 0 && gz_ == nullptr && errno == EINTR) {
                continue;
            }
            if (done <= 0) {
                problem_ = std::strerror(errno != 0 ? errno : ENOSPC);
                return;
            }
            bytes += done;
            size -= static_cast<size_t>(done);
        }
    }

    /// Flushes compression and the file to disk; returns the first problem, or "".
    std::string close() {
        if (gz_ != nullptr && gzclose(gz_) != Z_OK && problem_.empty()) {
            problem_ = std::strerror(errno != 0 ? errno : EIO);
        }
        gz_ = nullptr;
        if (problem_.empty() && ::fsync(fd_) != 0) {
            problem_ = std::strerror(errno);
        }
        return problem_;
    }

  private:
    int fd_;
    gzFile gz_ = nullptr;
    std::string problem_;
};

/// Writes header + extender + voxels to `tempPath` in pieces of a few MB, fsyncs, closes.
void writeFile(const std::string& tempPath, const std::string& reportedPath, bool gzip,
               const nifti_1_header& header, const VoxelBytes& voxels) {
    int fd = -1;
    try {
        fd = PrivateFiles::createFile(tempPath);  // 0600, never through a link
    } catch (const Error& failure) {
        throw Error(reportedPath, "cannot create (" + failure.problem() + ")");
    }
    errno = 0;
    OutputFile output(fd, gzip);
    const char extender[4] = {0, 0, 0, 0};
    output.put(&header, sizeof header);
    output.put(extender, sizeof extender);
    constexpr size_t kVoxelsPerPiece = size_t(1) << 20;
    std::vector<unsigned char> piece(std::min(voxels.voxelCount, kVoxelsPerPiece) *
                                     voxels.bytesPerVoxel);
    for (size_t first = 0; first < voxels.voxelCount; first += kVoxelsPerPiece) {
        const size_t count = std::min(kVoxelsPerPiece, voxels.voxelCount - first);
        voxels.encode(first, count, piece.data());
        output.put(piece.data(), count * voxels.bytesPerVoxel);
    }
    const std::string problem = output.close();
    ::close(fd);
    if (!problem.empty()) {
        std::error_code ignored;
        std::filesystem::remove(tempPath, ignored);
        throw Error(reportedPath, "cannot write (" + problem + ")");
    }
}

void writeAtomically(const std::string& path, const ImageGeometry& geometry, int dataType,
                     const VoxelBytes& voxels) {
    if (!hasNiftiExtension(path)) {
        throw Error(path, "a NIfTI file name must end in .nii or .nii.gz");
    }
    const nifti_1_header header = makeHeader(geometry, dataType, path);
    const std::string tempPath = temporaryPathFor(path);
    writeFile(tempPath, path, isGzipPath(path), header, voxels);
    if (std::rename(tempPath.c_str(), path.c_str()) != 0) {
        const std::string problem = std::strerror(errno);
        std::error_code ignored;
        std::filesystem::remove(tempPath, ignored);
        throw Error(path, "cannot move the finished file into place (" + problem + ")");
    }
}

}  // namespace

void writeNiftiVolume(const Volume& volume, const std::string& path) {
    if (volume.voxels.size() != volume.geometry.voxelCount()) {
        throw Error(path, "volume has " + std::to_string(volume.voxels.size()) +
                              " voxels but its grid needs " +
                              std::to_string(volume.geometry.voxelCount()));
    }
    const int dataType = losslessDataType(volume.voxels);
    writeAtomically(path, volume.geometry, dataType, encodeAs(dataType, volume.voxels));
}

void writeNiftiLabelMap(const LabelMap& labels, const std::string& path) {
    if (labels.labels.size() != labels.geometry.voxelCount()) {
        throw Error(path, "label map has " + std::to_string(labels.labels.size()) +
                              " voxels but its grid needs " +
                              std::to_string(labels.geometry.voxelCount()));
    }
    const int dataType = labels.maxLabel() <= 255 ? DT_UINT8 : DT_UINT16;
    writeAtomically(path, labels.geometry, dataType, encodeAs(dataType, labels.labels));
}

}  // namespace segloop
