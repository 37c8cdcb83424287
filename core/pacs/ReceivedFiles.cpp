#include "core/pacs/ReceivedFiles.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "core/Error.h"
#include "core/io/PrivateFiles.h"

namespace segloop {

namespace {

namespace fs = std::filesystem;

/// A file name made from a UID: UIDs are digits and dots, but a node may send anything.
std::string fileNameFor(const std::string& sopInstanceUid) {
    std::string name;
    for (const char c : sopInstanceUid) {
        const bool safe =
            std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
        name += safe ? c : '_';
    }
    if (name.empty() || name.front() == '.') {
        name = "instance" + name;
    }
    return name + ".dcm";
}

}  // namespace

ReceivedFiles::ReceivedFiles(std::string folder) : folder_(std::move(folder)) {
    try {
        PrivateFiles::makeFolder(folder_);  // 0700; a link at the folder is refused
    } catch (const Error& failure) {
        throw Error(folder_, "cannot create the destination folder (" + failure.problem() + ")");
    }
    static std::atomic<unsigned> transfers{0};
    prefix_ = ".segloop-receiving-" + std::to_string(::getpid()) + "-" +
              std::to_string(transfers++) + "-";
}

ReceivedFiles::~ReceivedFiles() {
    for (const std::string& path : reserved_) {
        discard(path);
    }
}

std::string ReceivedFiles::reserve() {
    const std::string path =
        (fs::path(folder_) / (prefix_ + std::to_string(next_++) + ".part")).string();
    ::close(PrivateFiles::createFile(path));  // 0600, no link followed; the receiver fills it
    reserved_.push_back(path);
    return reserved_.back();
}

void ReceivedFiles::accept(const std::string& temporaryPath, const std::string& sopInstanceUid) {
    auto [it, inserted] = accepted_.emplace(sopInstanceUid, temporaryPath);
    if (!inserted) {
        discard(it->second);
        it->second = temporaryPath;
    }
}

void ReceivedFiles::discard(const std::string& temporaryPath) {
    std::error_code ignored;
    fs::remove(temporaryPath, ignored);
}

std::vector<std::string> ReceivedFiles::commit() {
    std::vector<std::string> paths;
    for (const auto& [uid, temporaryPath] : accepted_) {
        const std::string finalPath = (fs::path(folder_) / fileNameFor(uid)).string();
        std::error_code error;
        fs::rename(temporaryPath, finalPath, error);
        if (error) {
            for (const std::string& renamed : paths) {  // all or nothing
                discard(renamed);
            }
            throw Error(folder_, "cannot rename a received file to " + finalPath + " (" +
                                     error.message() + ")");
        }
        reserved_.erase(std::remove(reserved_.begin(), reserved_.end(), temporaryPath),
                        reserved_.end());
        paths.push_back(finalPath);
    }
    accepted_.clear();
    std::sort(paths.begin(), paths.end());
    return paths;
}

}  // namespace segloop
