#include "core/io/DicomFileLoad.h"

#include "dcmtk/dcmdata/dcerror.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>

namespace segloop {

OFCondition loadWholeDicomFile(DcmFileFormat& file, const std::string& path) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    // No size (not a regular file): read large values lazily, which checks them the same way.
    const Uint32 maxReadLength =
        error ? Uint32(DCM_MaxReadLength)
              : Uint32(std::min<std::uintmax_t>(std::max<std::uintmax_t>(size, 1), UINT32_MAX - 1));
    return file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, maxReadLength);
}

std::string dicomLoadFailure(const OFCondition& condition) {
    if (condition == EC_StreamNotifyClient || condition == EC_InvalidStream ||
        condition == EC_EndOfStream) {
        const std::string dcmtk = condition.text();
        return "truncated or damaged: an element is longer than the rest of the file (" + dcmtk +
               ")";
    }
    return condition.text();
}

}  // namespace segloop
