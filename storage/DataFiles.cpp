#include "storage/DataFiles.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/io/PrivateFiles.h"

namespace segloop::data_files {

namespace {

std::string systemReason() {
    return std::strerror(errno);
}

void syncPath(const std::string& path, int flags) {
    const int descriptor = ::open(path.c_str(), flags | O_CLOEXEC);
    if (descriptor < 0) {
        throw Error(path, "cannot open to flush: " + systemReason());
    }
    const int result = ::fsync(descriptor);
    const std::string reason = result != 0 ? systemReason() : std::string();
    ::close(descriptor);
    if (result != 0) {
        throw Error(path, "cannot flush to disk: " + reason);
    }
}

}  // namespace

std::string stagingPath(const std::string& folder) {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    for (;;) {
        char name[48];
        std::snprintf(name, sizeof name, ".staging-%016llx.nii.gz",
                      static_cast<unsigned long long>(generator()));
        const std::string path = folder + "/" + name;
        std::error_code ignored;
        if (!std::filesystem::exists(path, ignored)) {
            return path;
        }
    }
}

void ensureFolder(const std::string& folder) {
    PrivateFiles::makeFolder(folder);  // 0700; a link at `folder` is refused
}

void syncFile(const std::string& path) {
    syncPath(path, O_RDONLY);
}

void syncFolder(const std::string& folder) {
    syncPath(folder, O_RDONLY | O_DIRECTORY);
}

void renameFile(const std::string& from, const std::string& to) {
    if (std::rename(from.c_str(), to.c_str()) != 0) {
        throw Error(to, "cannot move " + from + " into place: " + systemReason());
    }
}

void removeQuietly(const std::string& path) noexcept {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
}

bool isWritable(const std::string& path) {
    return ::access(path.c_str(), W_OK) == 0;
}

// nlohmann writes numbers without the C locale (which a GUI may set to one with a decimal comma)
// and reads them back in whatever locale is set; it dumps text that reads back to the same double.
std::string directionToJson(const Mat3& direction) {
    nlohmann::json json = nlohmann::json::array();
    for (const double value : direction) {
        // nlohmann would write null, which directionFromJson refuses: refuse it before it is
        // stored, as the schema's json_valid check did with the "nan" that to_chars wrote.
        if (!std::isfinite(value)) {
            throw Error("direction matrix", "has a value that is not a finite number");
        }
        json.push_back(value);
    }
    return json.dump();
}

Mat3 directionFromJson(const std::string& json, const std::string& subject) {
    const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
    Mat3 direction{};
    if (!parsed.is_array() || parsed.size() != direction.size()) {
        throw Error(subject, "stored direction is not 9 numbers: " + json);
    }
    for (size_t i = 0; i < direction.size(); ++i) {
        if (!parsed[i].is_number()) {
            throw Error(subject, "stored direction is not 9 numbers: " + json);
        }
        direction[i] = parsed[i].get<double>();
    }
    return direction;
}

}  // namespace segloop::data_files
