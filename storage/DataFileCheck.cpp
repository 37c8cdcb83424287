#include "storage/DataFileCheck.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/Error.h"
#include "core/hash/Sha256.h"
#include "storage/Timestamp.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"

namespace segloop {

namespace {

constexpr const char* kRestoreAdvice =
    "put the file back from a copy of the project (SegLoop never changes a data file after "
    "writing it)";

}  // namespace

DataFileCheck::DataFileCheck(Database& database, ProjectLayout layout)
    : database_(database), layout_(std::move(layout)) {}

FileFingerprint DataFileCheck::fingerprint(const std::string& path) {
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) {
        throw Error(path, std::string("cannot read the file: ") + std::strerror(errno));
    }
    Sha256 hash;
    FileFingerprint result;
    std::vector<char> buffer(1 << 16);
    for (;;) {
        const ssize_t got = ::read(descriptor, buffer.data(), buffer.size());
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            const std::string reason = std::strerror(errno);
            ::close(descriptor);
            throw Error(path, "cannot read the file: " + reason);
        }
        if (got == 0) {
            break;
        }
        hash.update(buffer.data(), static_cast<size_t>(got));
        result.sizeBytes += got;
    }
    ::close(descriptor);
    result.sha256 = Sha256::toHex(hash.finish());
    return result;
}

void DataFileCheck::record(const std::string& relativePath, const FileFingerprint& fingerprint) {
    Statement(database_,
              "INSERT OR REPLACE INTO data_file_checks (data_path, size_bytes, sha256, "
              "recorded_at) VALUES (?,?,?,?)")
        .bindAll(relativePath, fingerprint.sizeBytes, fingerprint.sha256, utcTimestampNow())
        .run();
}

bool DataFileCheck::verify(const std::string& subject, const std::string& relativePath) {
    const std::string path = layout_.absolute(relativePath);
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) {
        const std::string reason = std::strerror(errno);
        if (errno == ENOENT) {
            throw Error(subject, "its file " + path +
                                     " is missing (moved or deleted outside SegLoop); " +
                                     kRestoreAdvice);
        }
        throw Error(subject, "its file " + path + " cannot be read: " + reason);
    }
    if (!S_ISREG(status.st_mode)) {
        throw Error(subject,
                    "its file " + path + " is not a regular file any more; " + kRestoreAdvice);
    }
    Statement find(database_,
                   "SELECT size_bytes, sha256, recorded_at FROM data_file_checks "
                   "WHERE data_path = ?");
    find.bind(1, relativePath);
    if (!find.step()) {
        return false;
    }
    const int64_t recordedSize = find.columnInt64(0);
    const std::string written = readableTimestamp(find.columnText(2));
    if (status.st_size != recordedSize) {
        throw Error(subject, "its file " + path + " is " + std::to_string(status.st_size) +
                                 " bytes but was " + std::to_string(recordedSize) +
                                 " bytes when SegLoop wrote it (" + written +
                                 "): it was truncated or replaced outside SegLoop; " +
                                 kRestoreAdvice);
    }
    const FileFingerprint now = fingerprint(path);
    if (now.sha256 != find.columnText(1)) {
        throw Error(subject, "its file " + path +
                                 " has the size SegLoop wrote but other content (its SHA-256 "
                                 "differs from the one recorded " +
                                 written + "): it was changed or replaced outside SegLoop; " +
                                 kRestoreAdvice);
    }
    return true;
}

void DataFileCheck::recordAfterLoad(const std::string& relativePath) noexcept {
    try {
        if (database_.isReadOnly()) {
            return;
        }
        record(relativePath, fingerprint(layout_.absolute(relativePath)));
    } catch (...) {
    }
}

}  // namespace segloop
