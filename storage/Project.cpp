#include "storage/Project.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/Error.h"
#include "storage/DataFiles.h"
#include "storage/DerivedUid.h"
#include "storage/Timestamp.h"
#include "storage/db/Migrations.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"

#ifndef SEGLOOP_VERSION
#error "SEGLOOP_VERSION comes from CMake (storage/CMakeLists.txt)"
#endif

namespace segloop {

namespace {

namespace fs = std::filesystem;

std::string withoutTrailingSlash(std::string folder) {
    while (folder.size() > 1 && folder.back() == '/') {
        folder.pop_back();
    }
    return folder;
}

std::string loginName() {
    if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') {
        return user;
    }
    if (const passwd* entry = ::getpwuid(::geteuid()); entry != nullptr) {
        return entry->pw_name;
    }
    return "unknown";
}

/// Turns a path that cannot even be looked at (no permission on a parent) into an Error; after
/// it, std::filesystem queries on the path do not throw.
void refuseInaccessible(const std::string& path) {
    std::error_code error;
    static_cast<void>(fs::status(path, error));  // only the error matters
    if (error && error != std::errc::no_such_file_or_directory &&
        error != std::errc::not_a_directory) {
        throw Error(path, "cannot access it: " + error.message());
    }
}

const char* const kReadOnlyAdvice =
    "SegLoop needs to write there (check the permissions, or copy the project to a writable "
    "place)";

/// Refuses a folder, database file or data folder that this user cannot write.
void refuseReadOnly(const ProjectLayout& layout) {
    if (!data_files::isWritable(layout.folder)) {
        throw Error(layout.folder,
                    std::string("the project folder is read-only; ") + kReadOnlyAdvice);
    }
    for (const std::string& path : {layout.databasePath(), layout.dataFolder(),
                                    layout.volumesFolder(), layout.labelsFolder()}) {
        std::error_code ignored;
        if (fs::exists(path, ignored) && !data_files::isWritable(path)) {
            throw Error(path, std::string("is read-only; ") + kReadOnlyAdvice);
        }
    }
}

/// A SQLite file starts with these 16 bytes; anything else is not a database at all.
void refuseNonSqliteFile(const std::string& path) {
    static const char kMagic[16] = "SQLite format 3";  // with its terminating NUL: 16 bytes
    std::ifstream file(path, std::ios::binary);
    char header[16] = {};
    file.read(header, sizeof header);
    if (file.gcount() == 0) {
        throw Error(path,
                    "the project database is empty (its creation was interrupted, or it "
                    "is not a SegLoop project): create the project again");
    }
    if (file.gcount() < 16 || !std::equal(header, header + 16, kMagic)) {
        throw Error(path,
                    "is not a SQLite database: the project database is damaged or this "
                    "is not a SegLoop project");
    }
}

/// Runs one query of the opening checks; SQLite's failures there mean a damaged file.
template <typename Query>
auto openingQuery(Database& database, Query query) {
    try {
        return query();
    } catch (const Error& failure) {
        throw Error(database.path(),
                    "the project database is damaged or unreadable (" + failure.problem() + ")");
    }
}

void refuseForeignDatabase(Database& database) {
    const int64_t applicationId =
        openingQuery(database, [&] { return database.queryInt64("PRAGMA application_id"); });
    if (applicationId != Project::kApplicationId) {
        throw Error(database.path(), "is a SQLite database but not a SegLoop project");
    }
}

/// SQLite's integrity check (the fast form); its findings, shortened to one line.
void refuseDamagedDatabase(Database& database) {
    const std::string verdict =
        openingQuery(database, [&] { return database.queryText("PRAGMA quick_check(3)"); });
    if (verdict == "ok") {
        return;
    }
    std::string findings;
    std::istringstream lines(verdict);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.rfind("***", 0) != 0) {
            findings += (findings.empty() ? "" : "; ") + line;
        }
    }
    throw Error(database.path(),
                "the project database is damaged (SQLite's check says: " + findings + ")");
}

void createDataFolders(const ProjectLayout& layout) {
    data_files::ensureFolder(layout.volumesFolder());
    data_files::ensureFolder(layout.labelsFolder());
    data_files::ensureFolder(layout.modelsFolder());
}

void removeDatabaseFiles(const std::string& databasePath) noexcept {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        data_files::removeQuietly(databasePath + suffix);
    }
}

std::string newProjectUid(const std::string& folder) {
    std::random_device device;
    return derivedUid("project", folder + "\n" + utcTimestampNow() + "\n" +
                                     std::to_string(device()) + std::to_string(device()));
}

}  // namespace

Project::Project(ProjectLayout layout, std::unique_ptr<Database> database)
    : layout_(std::move(layout)), database_(std::move(database)), userName_(loginName()) {}

Project::~Project() = default;
Project::Project(Project&& other) noexcept = default;
Project& Project::operator=(Project&& other) noexcept = default;

Project Project::create(const std::string& folder) {
    ProjectLayout layout{withoutTrailingSlash(folder)};
    refuseInaccessible(layout.folder);
    if (fs::exists(layout.folder) && !fs::is_directory(layout.folder)) {
        throw Error(layout.folder, "is a file, not a folder");
    }
    data_files::ensureFolder(layout.folder);
    refuseInaccessible(layout.databasePath());
    // An empty database file alone is what a creation killed at its first step leaves: reuse it.
    std::error_code error;
    if (fs::exists(layout.databasePath()) &&
        (fs::file_size(layout.databasePath(), error) > 0 || error ||
         fs::exists(layout.databasePath() + "-wal"))) {
        throw Error(layout.folder, "a SegLoop project already exists here");
    }
    refuseReadOnly(layout);
    const std::string databasePath = layout.databasePath();
    try {
        auto database = std::make_unique<Database>(databasePath, Database::OpenMode::Create);
        database->enableWriteAheadLog();
        {
            Transaction transaction(*database);
            database->execute("PRAGMA application_id = " + std::to_string(kApplicationId));
            transaction.commit();
        }
        applyMigrations(*database, projectMigrations());
        {
            Transaction transaction(*database);
            ProjectSettings settings(*database);
            settings.set(ProjectSettings::kCreatedAt, utcTimestampNow());
            settings.set(ProjectSettings::kAppVersion, SEGLOOP_VERSION);
            settings.set(ProjectSettings::kProjectUid, newProjectUid(layout.folder));
            transaction.commit();
        }
        createDataFolders(layout);
        return Project(std::move(layout), std::move(database));
    } catch (...) {
        removeDatabaseFiles(databasePath);
        throw;
    }
}

Project Project::open(const std::string& folder) {
    ProjectLayout layout{withoutTrailingSlash(folder)};
    refuseInaccessible(layout.folder);
    if (!fs::exists(layout.folder)) {
        throw Error(layout.folder, "no such folder");
    }
    if (!fs::is_directory(layout.folder)) {
        throw Error(layout.folder, "is a file, not a project folder");
    }
    refuseInaccessible(layout.databasePath());
    if (!fs::exists(layout.databasePath())) {
        throw Error(layout.folder, std::string("is not a SegLoop project (it has no ") +
                                       ProjectLayout::kDatabaseFileName + ")");
    }
    refuseNonSqliteFile(layout.databasePath());
    refuseReadOnly(layout);
    auto database =
        std::make_unique<Database>(layout.databasePath(), Database::OpenMode::ReadWrite);
    refuseForeignDatabase(*database);
    refuseNewerSchema(*database, projectMigrations());
    refuseDamagedDatabase(*database);
    if (database->isReadOnly()) {
        throw Error(database->path(), std::string("is read-only; ") + kReadOnlyAdvice);
    }
    database->enableWriteAheadLog();
    applyMigrations(*database, projectMigrations());
    createDataFolders(layout);
    return Project(std::move(layout), std::move(database));
}

}  // namespace segloop
