#include "storage/RecoveryJournalFiles.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <utility>

#include "core/Error.h"
#include "core/io/PrivateFiles.h"
#include "storage/DataFiles.h"

namespace segloop::recovery_files {

namespace {

namespace fs = std::filesystem;

constexpr const char* kPrefix = "volume-";
constexpr const char* kJournalSuffix = ".journal";

std::string systemReason() {
    return std::strerror(errno);
}

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool allDigits(const std::string& text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The volume id of a journal's file name ("volume-12.journal", "volume-12.later-1700.journal"),
/// 0 when the name is not a journal's.
int64_t volumeOfName(const std::string& name) {
    if (name.rfind(kPrefix, 0) != 0 || !endsWith(name, kJournalSuffix))
        return 0;
    const std::string middle = name.substr(
        std::strlen(kPrefix), name.size() - std::strlen(kPrefix) - std::strlen(kJournalSuffix));
    const size_t dot = middle.find('.');
    const std::string id = middle.substr(0, dot);
    if (!allDigits(id) || id.size() > 18)
        return 0;
    if (dot != std::string::npos) {
        const std::string rest = middle.substr(dot + 1);
        if (rest.rfind("later-", 0) != 0 || !allDigits(rest.substr(6)))
            return 0;
    }
    return std::stoll(id);
}

}  // namespace

std::string folder(const ProjectLayout& layout) {
    return layout.folder + "/recovery";
}

std::string journalPath(const ProjectLayout& layout, int64_t volumeId) {
    return folder(layout) + "/" + kPrefix + std::to_string(volumeId) + kJournalSuffix;
}

void write(const std::string& path, const RecoveryJournal& journal) {
    const std::string directory = fs::path(path).parent_path().string();
    PrivateFiles::makeFolder(directory);
    const std::vector<uint8_t> bytes = encodeJournal(journal);
    PrivateFiles::writeAtomically(path, std::string(bytes.begin(), bytes.end()));
    data_files::syncFolder(directory);
}

RecoveryJournal read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot open the recovery journal: " + systemReason());
    const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                     std::istreambuf_iterator<char>()};
    if (in.bad())
        throw Error(path, "cannot read the recovery journal: " + systemReason());
    return decodeJournal(bytes.data(), bytes.size(), path);
}

void remove(const std::string& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        throw Error(path, "cannot remove the recovery journal: " + systemReason());
}

std::vector<std::string> journalsOf(const ProjectLayout& layout, int64_t volumeId) {
    std::vector<std::pair<fs::file_time_type, std::string>> found;
    std::error_code error;
    for (fs::directory_iterator entry(folder(layout), error), end; !error && entry != end;
         entry.increment(error)) {
        const std::string name = entry->path().filename().string();
        if (volumeOfName(name) != volumeId || !entry->is_regular_file(error))
            continue;
        found.emplace_back(entry->last_write_time(error), entry->path().string());
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::string> paths;
    for (auto& item : found)
        paths.push_back(std::move(item.second));
    return paths;
}

std::vector<int64_t> volumesWithJournals(const ProjectLayout& layout) {
    std::set<int64_t> volumes;
    std::error_code error;
    for (fs::directory_iterator entry(folder(layout), error), end; !error && entry != end;
         entry.increment(error)) {
        const int64_t volumeId = volumeOfName(entry->path().filename().string());
        if (volumeId > 0)
            volumes.insert(volumeId);
    }
    return {volumes.begin(), volumes.end()};
}

std::string putOffForLater(const std::string& path) {
    std::string base = path;
    if (endsWith(base, kJournalSuffix))
        base.resize(base.size() - std::strlen(kJournalSuffix));
    const size_t later = base.rfind(".later-");
    if (later != std::string::npos && base.find('/', later) == std::string::npos)
        return path;  // put off already
    const std::string next = base + ".later-" + std::to_string(nowMs()) + kJournalSuffix;
    data_files::renameFile(path, next);
    return next;
}

std::string setAside(const std::string& path) {
    const std::string next = path + ".corrupt-" + std::to_string(nowMs());
    data_files::renameFile(path, next);
    return next;
}

int removeOrphanTemporaries(const ProjectLayout& layout) noexcept {
    int removed = 0;
    std::error_code error;
    for (fs::directory_iterator entry(folder(layout), error), end; !error && entry != end;
         entry.increment(error)) {
        const std::string name = entry->path().filename().string();
        // PrivateFiles' temporaries: ".volume-<id>.journal.tmp-<pid>-<n>-<hex>".
        const size_t tmp = name.find(".journal.tmp-");
        if (name.empty() || name[0] != '.' || tmp == std::string::npos)
            continue;
        const size_t pidStart = tmp + std::strlen(".journal.tmp-");
        const std::string pid = name.substr(pidStart, name.find('-', pidStart) - pidStart);
        if (!allDigits(pid) || pid.size() > 9)
            continue;
        if (::kill(pid_t(std::stol(pid)), 0) == 0 || errno != ESRCH)
            continue;  // its writer may still be running
        std::error_code ignored;
        if (fs::remove(entry->path(), ignored))
            ++removed;
    }
    return removed;
}

}  // namespace segloop::recovery_files
