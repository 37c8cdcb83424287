#include "FuzzSupport.h"

#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace segloop::fuzz {
namespace {

namespace fs = std::filesystem;

std::string& folderPath() {
    static std::string path;
    return path;
}

void removeFolderAtExit() {
    std::error_code ignored;
    if (!folderPath().empty())
        fs::remove_all(folderPath(), ignored);
}

}  // namespace

std::string fuzzWorkFolder() {
    std::string& path = folderPath();
    if (path.empty()) {
        path = (fs::temp_directory_path() / ("segloop-fuzz-" + std::to_string(getpid()))).string();
        std::atexit(removeFolderAtExit);
    }
    std::error_code error;
    fs::remove_all(path, error);
    if (!fs::create_directories(path, error) && error)
        throw std::runtime_error(path + ": cannot create the fuzz work folder: " + error.message());
    return path;
}

void writeFuzzFile(const std::string& path, const uint8_t* data, size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out)
        throw std::runtime_error(path + ": cannot write the fuzz input");
}

std::vector<std::string> splitFuzzInput(const uint8_t* data, size_t size, size_t maxParts) {
    const std::string all(reinterpret_cast<const char*>(data), size);
    const std::string separator = kFuzzFileSeparator;
    std::vector<std::string> parts;
    size_t start = 0;
    while (parts.size() + 1 < maxParts) {
        const size_t found = all.find(separator, start);
        if (found == std::string::npos)
            break;
        parts.push_back(all.substr(start, found - start));
        start = found + separator.size();
    }
    parts.push_back(all.substr(start));
    return parts;
}

std::string gzipBytes(const uint8_t* data, size_t size) {
    z_stream stream{};
    // 15 + 16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&stream, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("gzip: deflateInit2 failed");
    std::string out(deflateBound(&stream, size) + 32, '\0');
    stream.next_in = const_cast<Bytef*>(data);
    stream.avail_in = static_cast<uInt>(size);
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&stream, Z_FINISH);
    deflateEnd(&stream);
    if (result != Z_STREAM_END)
        throw std::runtime_error("gzip: deflate did not finish");
    out.resize(stream.total_out);
    return out;
}

}  // namespace segloop::fuzz
