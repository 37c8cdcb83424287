#include "storage/OrphanReclaim.h"

#include <cctype>
#include <filesystem>
#include <optional>

#include "core/Error.h"
#include "storage/AuditLog.h"
#include "storage/DataFileCheck.h"
#include "storage/DataFiles.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"

namespace segloop {

namespace {

namespace fs = std::filesystem;

constexpr const char* kOrphansFolder = "data/orphans";

/// The data paths an orphan's name may stand for: "volumes-2.nii.gz" was data/volumes/
/// 2.nii.gz; "labels-3-7.nii.gz" was data/labels/7.nii.gz (a third copy) or data/labels/
/// 3-7.nii.gz. The fingerprint decides between them.
std::vector<std::string> originalPaths(const std::string& orphanName) {
    std::vector<std::string> paths;
    for (const char* folderName :
         {ProjectLayout::kVolumesFolderName, ProjectLayout::kLabelsFolderName}) {
        const std::string prefix = fs::path(folderName).filename().string() + "-";
        if (orphanName.rfind(prefix, 0) != 0 || orphanName.size() == prefix.size()) {
            continue;
        }
        const std::string rest = orphanName.substr(prefix.size());
        paths.push_back(std::string(folderName) + "/" + rest);
        size_t digits = 0;
        while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) {
            ++digits;
        }
        if (digits > 0 && digits + 1 < rest.size() && rest[digits] == '-') {
            paths.push_back(std::string(folderName) + "/" + rest.substr(digits + 1));
        }
    }
    return paths;
}

struct Recorded {
    int64_t sizeBytes = 0;
    std::string sha256;
};

std::optional<Recorded> recordedFingerprint(Database& database, const std::string& dataPath) {
    Statement find(database, "SELECT size_bytes, sha256 FROM data_file_checks WHERE data_path = ?");
    find.bind(1, dataPath);
    if (!find.step()) {
        return std::nullopt;
    }
    return Recorded{find.columnInt64(0), find.columnText(1)};
}

/// True when the file at `path` is there with the recorded bytes.
bool holdsRecordedBytes(const std::string& path, const Recorded& recorded) {
    std::error_code error;
    const auto size = fs::file_size(path, error);
    if (error || static_cast<int64_t>(size) != recorded.sizeBytes) {
        return false;
    }
    try {
        return DataFileCheck::fingerprint(path).sha256 == recorded.sha256;
    } catch (const Error&) {
        return false;
    }
}

/// A free name in data/orphans/ for a file moved out of `relativePath`'s place.
std::string freeOrphanName(const ProjectLayout& layout, const std::string& relativePath) {
    const fs::path relative(relativePath);
    const std::string stem =
        relative.parent_path().filename().string() + "-" + relative.filename().string();
    std::string destination = layout.absolute(std::string(kOrphansFolder) + "/" + stem);
    std::error_code ignored;
    for (int copy = 2; fs::exists(destination, ignored); ++copy) {
        destination = layout.absolute(std::string(kOrphansFolder) + "/" +
                                      relative.parent_path().filename().string() + "-" +
                                      std::to_string(copy) + "-" + relative.filename().string());
    }
    return destination;
}

}  // namespace

std::vector<std::string> reclaimOrphanFiles(const ProjectLayout& layout, Database& database,
                                            const std::string& userName) {
    std::vector<std::string> moved;  // "data/orphans/x -> data/volumes/y"
    std::error_code listError;
    std::vector<fs::path> orphans;
    for (const auto& entry : fs::directory_iterator(layout.absolute(kOrphansFolder), listError)) {
        std::error_code typeError;
        if (entry.is_regular_file(typeError)) {
            orphans.push_back(entry.path());
        }
    }
    for (const fs::path& orphan : orphans) {
        for (const std::string& dataPath : originalPaths(orphan.filename().string())) {
            const auto recorded = recordedFingerprint(database, dataPath);
            const std::string target = layout.absolute(dataPath);
            if (!recorded || holdsRecordedBytes(target, *recorded) ||
                !holdsRecordedBytes(orphan.string(), *recorded)) {
                continue;
            }
            std::error_code error;
            if (fs::exists(target, error)) {  // another row's file with the same name
                fs::rename(target, freeOrphanName(layout, dataPath), error);
                if (error) {
                    break;
                }
            }
            data_files::ensureFolder(fs::path(target).parent_path().string());
            fs::rename(orphan, target, error);
            if (!error) {
                moved.push_back(std::string(kOrphansFolder) + "/" + orphan.filename().string() +
                                " -> " + dataPath);
            }
            break;
        }
    }
    if (!moved.empty()) {
        for (const std::string& folder :
             {layout.volumesFolder(), layout.labelsFolder(), layout.absolute(kOrphansFolder)}) {
            data_files::syncFolder(folder);
        }
        AuditLog::Details details;
        for (size_t i = 0; i < moved.size(); ++i) {
            details.emplace_back("moved back " + std::to_string(i + 1), moved[i]);
        }
        Transaction transaction(database);
        AuditLog(database, userName)
            .append("reclaim orphan files", layout.folder + "/" + kOrphansFolder, details);
        transaction.commit();
    }
    return moved;
}

}  // namespace segloop
