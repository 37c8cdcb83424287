#include "storage/ProjectBackup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>

#include "core/Error.h"
#include "storage/DataFiles.h"
#include "storage/db/Database.h"

namespace segloop {

namespace {

namespace fs = std::filesystem;

constexpr const char* kPrefix = "project-";
constexpr const char* kSuffix = ".segloop";
constexpr size_t kStampLength = 19;  // "20261207-071502-123"

/// "20261207-071502-123" for now, UTC.
std::string fileStampNow() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto milliseconds =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &utc);
    char stamp[40];
    std::snprintf(stamp, sizeof stamp, "%s-%03d", text, static_cast<int>(milliseconds));
    return stamp;
}

bool allDigits(const std::string& text, size_t from, size_t count) {
    return std::all_of(text.begin() + static_cast<long>(from),
                       text.begin() + static_cast<long>(from + count),
                       [](char c) { return c >= '0' && c <= '9'; });
}

/// Reads a backup's name; nullopt for any other file.
std::optional<BackupInfo> parseName(const std::string& folder, const std::string& name) {
    const size_t prefix = std::strlen(kPrefix);
    const size_t suffix = std::strlen(kSuffix);
    if (name.size() < prefix + kStampLength + suffix || name.rfind(kPrefix, 0) != 0 ||
        name.compare(name.size() - suffix, suffix, kSuffix) != 0) {
        return std::nullopt;
    }
    const std::string stamp = name.substr(prefix, kStampLength);
    if (!allDigits(stamp, 0, 8) || stamp[8] != '-' || !allDigits(stamp, 9, 6) || stamp[15] != '-' ||
        !allDigits(stamp, 16, 3)) {
        return std::nullopt;
    }
    const std::string rest =
        name.substr(prefix + kStampLength, name.size() - prefix - kStampLength - suffix);
    if (!rest.empty() && (rest[0] != '-' || rest.size() < 2)) {
        return std::nullopt;
    }
    BackupInfo info;
    info.fileName = name;
    info.path = folder + "/" + name;
    info.reason = rest.empty() ? "daily" : rest.substr(1);
    info.takenAt = stamp.substr(0, 4) + "-" + stamp.substr(4, 2) + "-" + stamp.substr(6, 2) + " " +
                   stamp.substr(9, 2) + ":" + stamp.substr(11, 2) + ":" + stamp.substr(13, 2) +
                   " UTC";
    std::error_code error;
    info.sizeBytes = static_cast<int64_t>(fs::file_size(info.path, error));
    return info;
}

/// A new empty file, owner-only (0600 whatever the umask); refuses an existing name.
void createPrivateFile(const std::string& path) {
    const int descriptor = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (descriptor < 0) {
        throw Error(path, std::string("cannot create the backup file: ") + std::strerror(errno));
    }
    ::fchmod(descriptor, 0600);
    ::close(descriptor);
}

void makePrivateFolder(const std::string& folder) {
    data_files::ensureFolder(folder);
    ::chmod(folder.c_str(), 0700);
}

}  // namespace

ProjectBackup::ProjectBackup(ProjectLayout layout) : layout_(std::move(layout)) {}

void ProjectBackup::copyDatabase(Database& source, const std::string& destination) {
    createPrivateFile(destination);
    try {
        Database target(destination, Database::OpenMode::ReadWrite);
        sqlite3_backup* backup =
            sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
        if (backup == nullptr) {
            target.fail(sqlite3_errcode(target.handle()), "cannot start the copy");
        }
        const int stepResult = sqlite3_backup_step(backup, -1);
        const int finishResult = sqlite3_backup_finish(backup);
        if (stepResult != SQLITE_DONE) {
            target.fail(stepResult, "cannot copy " + source.path());
        }
        if (finishResult != SQLITE_OK) {
            target.fail(finishResult, "cannot copy " + source.path());
        }
    } catch (...) {
        for (const char* extra : {"", "-journal", "-wal", "-shm"}) {
            data_files::removeQuietly(destination + extra);
        }
        throw;
    }
    for (const char* extra : {"-journal", "-wal", "-shm"}) {
        data_files::removeQuietly(destination + extra);
    }
    data_files::syncFile(destination);
}

std::string ProjectBackup::newBackupPath(const std::string& reason) {
    makePrivateFolder(folder());
    const std::string tail = reason == "daily" ? "" : "-" + reason;
    std::string path;
    std::error_code ignored;
    do {  // two backups in the same millisecond get distinct names
        path = folder() + "/" + kPrefix + fileStampNow() + tail + kSuffix;
    } while (fs::exists(path, ignored));
    return path;
}

BackupInfo ProjectBackup::make(Database& source, const std::string& reason) {
    const std::string finalPath = newBackupPath(reason);
    const std::string name = fs::path(finalPath).filename().string();
    const std::string stagingPath = folder() + "/.staging-" + name;
    try {
        copyDatabase(source, stagingPath);
        data_files::renameFile(stagingPath, finalPath);
        data_files::syncFolder(folder());
    } catch (const Error& error) {
        data_files::removeQuietly(stagingPath);
        throw Error(finalPath, "cannot make this backup of the project database: " +
                                   error.problem() + " (the project itself is unchanged)");
    }
    prune();
    auto info = parseName(folder(), name);
    return *info;
}

std::optional<BackupInfo> ProjectBackup::makeDailyIfDue(Database& source) {
    const std::string today = fileStampNow().substr(0, 8);
    for (const BackupInfo& backup : list()) {
        if (backup.reason != "damaged" &&  // a damaged copy is no backup of the day
            backup.fileName.compare(std::strlen(kPrefix), 8, today) == 0) {
            return std::nullopt;
        }
    }
    return make(source, "daily");
}

std::vector<BackupInfo> ProjectBackup::list() const {
    std::vector<BackupInfo> backups;
    std::error_code error;
    for (fs::directory_iterator entry(folder(), error), end; !error && entry != end;
         entry.increment(error)) {
        if (auto info = parseName(folder(), entry->path().filename().string())) {
            backups.push_back(std::move(*info));
        }
    }
    // The names start with the time: newest first is descending name order.
    std::sort(backups.begin(), backups.end(),
              [](const BackupInfo& a, const BackupInfo& b) { return a.fileName > b.fileName; });
    return backups;
}

std::optional<BackupInfo> ProjectBackup::newest() const {
    const auto backups = list();
    if (backups.empty()) {
        return std::nullopt;
    }
    return backups.front();
}

std::optional<BackupInfo> ProjectBackup::newestRestorable() const {
    for (const BackupInfo& backup : list()) {  // newest first
        if (backup.reason != "damaged") {
            return backup;
        }
    }
    return std::nullopt;
}

BackupInfo ProjectBackup::find(const std::string& nameOrPath) const {
    const bool isPath = nameOrPath.find('/') != std::string::npos;
    const std::string path = isPath ? nameOrPath : folder() + "/" + nameOrPath;
    std::error_code error;
    if (!fs::is_regular_file(path, error)) {
        throw Error(path, isPath ? "no such backup file"
                                 : "no such backup (`segloop-cli backup " + layout_.folder +
                                       " --list` lists them)");
    }
    const std::string name = fs::path(path).filename().string();
    if (auto info = parseName(fs::path(path).parent_path().string(), name)) {
        info->path = path;
        return *info;
    }
    BackupInfo info;  // a database copied by other means: restorable if it checks out
    info.path = path;
    info.fileName = name;
    info.reason = "other";
    info.sizeBytes = static_cast<int64_t>(fs::file_size(path, error));
    return info;
}

void ProjectBackup::prune() noexcept {
    try {
        std::map<std::string, size_t> kept;
        for (const BackupInfo& backup : list()) {  // newest first
            if (backup.reason.rfind("before-v", 0) == 0) {
                continue;
            }
            if (++kept[backup.reason] > kKeepPerReason) {
                data_files::removeQuietly(backup.path);
                data_files::removeQuietly(backup.path + "-wal");  // beside a raw copy
            }
        }
    } catch (...) {
    }
}

std::string ProjectBackup::restoreAdvice() const {
    const auto backup = newestRestorable();
    if (!backup) {
        return "";
    }
    return "the newest backup is " + backup->path + " (" + backup->takenAt +
           "); restore it with `segloop-cli restore " + layout_.folder + " " + backup->fileName +
           "` (the current database is kept as a backup too)";
}

}  // namespace segloop
