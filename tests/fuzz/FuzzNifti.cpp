// Fuzz target `nifti`: the NIfTI reader (core/io/NiftiReader) on one file. The input is written
// as case.nii (or as case.nii.gz when it already is gzip data) and read as a volume, a label map
// and a header; a plain input is also gzip-packed to case.nii.gz and read again, so that both
// the raw and the compressed paths see every mutation. A segloop::Error is the reader refusing
// the file, which is what it should do; anything else escaping is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "FuzzSupport.h"
#include "core/Error.h"
#include "core/io/NiftiReader.h"

namespace {

void readAllWays(const std::string& path, bool volumeOnly) {
    try {
        segloop::readNiftiVolume(path);
    } catch (const segloop::Error&) {
    }
    if (volumeOnly)
        return;
    try {
        segloop::readNiftiLabelMap(path);
    } catch (const segloop::Error&) {
    }
    try {
        segloop::readNiftiGeometry(path);
    } catch (const segloop::Error&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > (1u << 20))
        return 0;  // keep one execution small: real headers and a few slices fit in 1 MB
    const std::string folder = segloop::fuzz::fuzzWorkFolder();
    const bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    if (gzip) {
        const std::string packed = folder + "/case.nii.gz";
        segloop::fuzz::writeFuzzFile(packed, data, size);
        readAllWays(packed, false);
        return 0;
    }
    const std::string plain = folder + "/case.nii";
    segloop::fuzz::writeFuzzFile(plain, data, size);
    readAllWays(plain, false);
    const std::string packedBytes = segloop::fuzz::gzipBytes(data, size);
    const std::string packed = folder + "/case.nii.gz";
    segloop::fuzz::writeFuzzFile(packed, reinterpret_cast<const uint8_t*>(packedBytes.data()),
                                 packedBytes.size());
    readAllWays(packed, true);
    return 0;
}
