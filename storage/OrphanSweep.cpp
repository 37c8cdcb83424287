#include "storage/OrphanSweep.h"

#include <cctype>
#include <filesystem>
#include <set>

#include "storage/AuditLog.h"
#include "storage/DataFiles.h"
#include "storage/ProjectBackup.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"

namespace segloop {

namespace {

namespace fs = std::filesystem;

constexpr const char* kOrphansFolderName = "data/orphans";

bool startsWith(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The names our writers give a file before its rename into place.
bool isTemporaryName(const std::string& name) {
    return startsWith(name, ".staging-") ||
           (startsWith(name, ".") && name.find(".tmp-") != std::string::npos) ||
           endsWith(name, ".partial");
}

/// The row id in "<id>.nii.gz" or "<id><suffix>"; -1 when the name is not of that form.
int64_t rowIdOf(const std::string& name, const std::string& suffix) {
    if (!endsWith(name, suffix) || name.size() == suffix.size()) {
        return -1;
    }
    const std::string digits = name.substr(0, name.size() - suffix.size());
    if (digits.size() > 18) {
        return -1;
    }
    for (char c : digits) {
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            return -1;
        }
    }
    return std::stoll(digits);
}

std::set<std::string> referencedPaths(Database& database) {
    std::set<std::string> paths;
    for (const char* sql : {"SELECT data_path FROM volumes", "SELECT data_path FROM label_versions",
                            "SELECT data_path FROM models"}) {
        Statement statement(database, sql);
        while (statement.step()) {
            paths.insert(statement.columnText(0));
        }
    }
    return paths;
}

std::set<int64_t> labelVersionIds(Database& database) {
    std::set<int64_t> ids;
    Statement statement(database, "SELECT id FROM label_versions");
    while (statement.step()) {
        ids.insert(statement.columnInt64(0));
    }
    return ids;
}

/// Whether a file in data/volumes or data/labels is named like a row's file that no row has.
bool isUnreferencedDataFile(const std::string& folderName, const std::string& name,
                            const std::string& relativePath, const std::set<std::string>& paths,
                            const std::set<int64_t>& labelIds) {
    if (paths.count(relativePath) != 0) {
        return false;
    }
    if (folderName == ProjectLayout::kVolumesFolderName) {
        return rowIdOf(name, ".nii.gz") >= 0;
    }
    if (rowIdOf(name, ".nii.gz") >= 0) {
        return true;
    }
    for (const char* suffix : {"-uncertainty.nii.gz", "-regions.nii.gz"}) {
        const int64_t id = rowIdOf(name, suffix);
        if (id >= 0) {
            return labelIds.count(id) == 0;
        }
    }
    return false;
}

/// data/orphans/<folder>-<name>, with a number added when that name is taken.
std::string orphanDestination(const ProjectLayout& layout, const std::string& folderName,
                              const std::string& name) {
    const std::string prefix = fs::path(folderName).filename().string() + "-";
    std::string destination =
        layout.absolute(std::string(kOrphansFolderName) + "/" + prefix + name);
    for (int copy = 2; fs::exists(destination); ++copy) {
        destination = layout.absolute(std::string(kOrphansFolderName) + "/" + prefix +
                                      std::to_string(copy) + "-" + name);
    }
    return destination;
}

}  // namespace

OrphanSweepReport sweepOrphanFiles(const ProjectLayout& layout, Database& database,
                                   const std::string& userName) {
    OrphanSweepReport report;
    const std::string root = layout.folder + "/";
    std::error_code error;
    if (!fs::is_directory(layout.dataFolder(), error)) {
        return report;
    }
    for (fs::recursive_directory_iterator it(layout.dataFolder(), error), end; !error && it != end;
         it.increment(error)) {
        const std::string name = it->path().filename().string();
        std::error_code typeError;
        if (it->is_regular_file(typeError) && isTemporaryName(name)) {
            const std::string path = it->path().string();
            std::error_code removeError;
            if (fs::remove(path, removeError)) {
                report.removedTemporaryFiles.push_back(path.substr(root.size()));
            }
        }
    }
    // A backup killed while copying leaves backups/.staging-<name> (ProjectBackup::make).
    std::error_code backupsError;
    for (const auto& entry :
         fs::directory_iterator(layout.folder + "/" + ProjectBackup::kFolderName, backupsError)) {
        std::error_code typeError;
        if (entry.is_regular_file(typeError) && isTemporaryName(entry.path().filename().string())) {
            std::error_code removeError;
            if (fs::remove(entry.path(), removeError)) {
                report.removedTemporaryFiles.push_back(entry.path().string().substr(root.size()));
            }
        }
    }
    const std::set<std::string> paths = referencedPaths(database);
    const std::set<int64_t> labelIds = labelVersionIds(database);
    for (const char* folderName :
         {ProjectLayout::kVolumesFolderName, ProjectLayout::kLabelsFolderName}) {
        std::error_code listError;
        for (const auto& entry : fs::directory_iterator(layout.absolute(folderName), listError)) {
            const std::string name = entry.path().filename().string();
            const std::string relative = std::string(folderName) + "/" + name;
            std::error_code typeError;
            if (!entry.is_regular_file(typeError) ||
                !isUnreferencedDataFile(folderName, name, relative, paths, labelIds)) {
                continue;
            }
            data_files::ensureFolder(layout.absolute(kOrphansFolderName));
            const std::string destination = orphanDestination(layout, folderName, name);
            std::error_code renameError;
            fs::rename(entry.path(), destination, renameError);
            if (!renameError) {
                report.movedDataFiles.push_back(destination.substr(root.size()));
            }
        }
    }
    if (!report.movedDataFiles.empty()) {
        AuditLog::Details details;
        for (size_t i = 0; i < report.movedDataFiles.size(); ++i) {
            details.emplace_back("moved " + std::to_string(i + 1), report.movedDataFiles[i]);
        }
        Transaction transaction(database);
        AuditLog(database, userName)
            .append("sweep orphan files", layout.folder + "/" + kOrphansFolderName, details);
        transaction.commit();
    }
    return report;
}

std::shared_ptr<FolderLock> lockProjectAndSweepOrphans(const ProjectLayout& layout,
                                                       Database& database,
                                                       const std::string& userName) {
    FolderLock lock = FolderLock::tryExclusive(layout.folder);
    if (lock.exclusive()) {
        sweepOrphanFiles(layout, database, userName);
        lock.share();
    } else {
        lock = FolderLock::shared(layout.folder);
    }
    return std::make_shared<FolderLock>(std::move(lock));
}

}  // namespace segloop
