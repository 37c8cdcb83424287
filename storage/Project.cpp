#include "storage/Project.h"

#include <pwd.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <random>
#include <sstream>

#include "core/Error.h"
#include "storage/DataFiles.h"
#include "storage/DerivedUid.h"
#include "storage/NetworkFileSystem.h"
#include "storage/OrphanSweep.h"
#include "storage/ProjectBackup.h"
#include "storage/ProjectPermissions.h"
#include "storage/Timestamp.h"
#include "storage/db/Migrations.h"
#include "storage/db/SchemaCheck.h"
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

/// The first of the folder, database file and data folders that this user may not write.
std::optional<std::string> unwritablePath(const ProjectLayout& layout) {
    if (!data_files::isWritable(layout.folder)) {
        return layout.folder;
    }
    for (const std::string& path : {layout.databasePath(), layout.dataFolder(),
                                    layout.volumesFolder(), layout.labelsFolder()}) {
        std::error_code ignored;
        if (fs::exists(path, ignored) && !data_files::isWritable(path)) {
            return path;
        }
    }
    return std::nullopt;
}

std::string readOnlyProblem(const ProjectLayout& layout, const std::string& unwritable) {
    return "the project is read-only for this user (" +
           (unwritable == layout.folder ? std::string("its folder") : unwritable) +
           " cannot be written): SegLoop cannot save changes to it; list, info, export, log "
           "and report still read it (check the permissions, or copy the project to a "
           "writable place)";
}

/// Refuses a folder, database file or data folder that this user cannot write.
void refuseReadOnly(const ProjectLayout& layout) {
    if (const auto unwritable = unwritablePath(layout)) {
        throw Error(layout.folder, readOnlyProblem(layout, *unwritable));
    }
}

/// The database of a project this user may not write, opened read-only. SQLite's WAL mode
/// needs to write the -shm file beside the database even to read, so a database without
/// pending changes in its -wal is opened `immutable` (no -shm, no locks); one with pending
/// changes needs its existing -shm file (plain read-only open) to read them.
std::unique_ptr<Database> openReadOnlyDatabase(const ProjectLayout& layout) {
    const std::string path = layout.databasePath();
    std::error_code error;
    const auto walSize = fs::file_size(path + "-wal", error);
    if (error || walSize == 0) {
        return std::make_unique<Database>(path, Database::OpenMode::ReadOnlyImmutable);
    }
    try {
        auto database = std::make_unique<Database>(path, Database::OpenMode::ReadOnly);
        database->queryInt64("SELECT COUNT(*) FROM sqlite_schema");  // reads the -wal now
        return database;
    } catch (const Error& failure) {
        throw Error(path + "-wal",
                    "holds changes not yet merged into the project database, and SQLite cannot "
                    "read them in a folder this user may not write (" +
                        failure.problem() + "): open the project once as a user who can write it");
    }
}

/// A read-only project cannot be migrated: refuse one older than this build's schema.
void refuseOldSchemaReadOnly(Database& database, const ProjectLayout& layout) {
    const int version = database.userVersion();
    if (version < latestSchemaVersion()) {
        throw Error(layout.folder,
                    "the project is read-only for this user and its schema (version " +
                        std::to_string(version) + ") is older than this SegLoop's (" +
                        std::to_string(latestSchemaVersion()) +
                        "); it cannot be upgraded in place: open it once as a user who can "
                        "write it, or copy the project to a writable place");
    }
}

/// Runs the checks of a database that may be damaged; their Error gets the newest backup and
/// the command that restores it appended.
template <typename Checks>
auto withRestoreAdvice(const ProjectLayout& layout, Checks checks) {
    try {
        return checks();
    } catch (const Error& failure) {
        const std::string advice = ProjectBackup(layout).restoreAdvice();
        if (advice.empty()) {
            throw;
        }
        throw Error(failure.subject(), failure.problem() + "; " + advice);
    }
}

/// Refuses a database file this user cannot read, or an empty one (SQLite would take an empty
/// file for a new database), before SQLite opens it; without a descriptor of its own: closing
/// any descriptor of the database file drops every POSIX lock this process holds on it, those
/// of a connection already open in this process included (SQLite's "how to corrupt" notes,
/// §2.2), and another process's writes then corrupt the file. A file that is not SQLite at
/// all is found through SQLite's own descriptor instead (hasSqliteMagic).
void refuseUnreadableOrEmptyFile(const std::string& path) {
    if (::access(path.c_str(), R_OK) != 0) {
        const int reason = errno;
        throw Error(path, std::string("the project database cannot be read by this user (") +
                              std::strerror(reason) +
                              "): check its permissions and those of its folder");
    }
    std::error_code error;
    if (fs::file_size(path, error) == 0 && !error) {
        throw Error(path,
                    "the project database is empty (its creation was interrupted, or it "
                    "is not a SegLoop project): create the project again");
    }
}

/// Whether the database's first 16 bytes are SQLite's magic, read through the connection's
/// own descriptor (SQLITE_FCNTL_FILE_POINTER), never through one of ours.
bool hasSqliteMagic(Database& database) {
    static const char kMagic[16] = "SQLite format 3";  // with its terminating NUL: 16 bytes
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(database.handle(), "main", SQLITE_FCNTL_FILE_POINTER, &file) !=
            SQLITE_OK ||
        file == nullptr || file->pMethods == nullptr) {
        return true;  // cannot tell: keep SQLite's own verdict
    }
    char header[16] = {};
    if (file->pMethods->xRead(file, header, sizeof header, 0) != SQLITE_OK)
        return false;  // shorter than a header
    return std::equal(header, header + 16, kMagic);
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
    ProjectPermissions::makeDataFolders(layout);  // 0700, never through a link
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

Project::Project(ProjectLayout layout, std::unique_ptr<Database> database, bool readOnly)
    : layout_(std::move(layout)),
      database_(std::move(database)),
      userName_(loginName()),
      readOnly_(readOnly) {}

Project::~Project() = default;
Project::Project(Project&& other) noexcept = default;
Project& Project::operator=(Project&& other) noexcept = default;

Project Project::create(const std::string& folder) {
    ProjectLayout layout{withoutTrailingSlash(folder)};
    refuseInaccessible(layout.folder);
    if (fs::exists(layout.folder) && !fs::is_directory(layout.folder)) {
        throw Error(layout.folder, "is a file, not a folder");
    }
    // A network file system is refused before anything is made on it: its nearest existing
    // folder tells (nameForPath needs an existing path).
    fs::path existing = fs::absolute(layout.folder);
    std::error_code ignored;
    while (!fs::exists(existing, ignored) && existing != existing.parent_path()) {
        existing = existing.parent_path();
    }
    network_file_system::refuse(existing.string());
    ProjectPermissions::makeProjectFolder(layout.folder);  // 0700
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
        ProjectPermissions::createDatabaseFile(databasePath);  // 0600 before SQLite sees it
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
        Project project(std::move(layout), std::move(database));
        project.folderLock_ =
            std::make_shared<FolderLock>(FolderLock::shared(project.layout_.folder));
        return project;
    } catch (...) {
        removeDatabaseFiles(databasePath);
        throw;
    }
}

Project Project::open(const std::string& folder, ProjectAccess access) {
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
    network_file_system::refuse(layout.folder);
    const auto unwritable = unwritablePath(layout);
    if (unwritable && access == ProjectAccess::Write) {
        throw Error(layout.folder, readOnlyProblem(layout, *unwritable));
    }
    auto database = withRestoreAdvice(layout, [&] {
        refuseUnreadableOrEmptyFile(layout.databasePath());
        auto opened = unwritable ? openReadOnlyDatabase(layout)
                                 : std::make_unique<Database>(layout.databasePath(),
                                                              Database::OpenMode::ReadWrite);
        if (!hasSqliteMagic(*opened)) {
            throw Error(layout.databasePath(),
                        "is not a SQLite database: the project database is damaged or this is "
                        "not a SegLoop project");
        }
        refuseForeignDatabase(*opened);
        return opened;
    });
    refuseNewerSchema(*database, projectMigrations());
    withRestoreAdvice(layout, [&] { refuseDamagedDatabase(*database); });
    if (unwritable) {
        refuseOldSchemaReadOnly(*database, layout);
        withRestoreAdvice(layout, [&] { refuseIncompleteSchema(*database, projectMigrations()); });
        return Project(std::move(layout), std::move(database), true);
    }
    if (database->isReadOnly()) {
        throw Error(layout.folder, readOnlyProblem(layout, database->path()));
    }
    database->enableWriteAheadLog();
    ProjectBackup backups(layout);
    const bool migrating = database->userVersion() < latestSchemaVersion();
    if (migrating) {
        try {
            backups.make(*database, "before-v" + std::to_string(latestSchemaVersion()));
        } catch (const Error& failure) {
            throw Error(failure.subject(), failure.problem() +
                                               "; the project's schema is upgraded only after "
                                               "a backup, so it was left as it was");
        }
    }
    applyMigrations(*database, projectMigrations());
    withRestoreAdvice(layout, [&] { refuseIncompleteSchema(*database, projectMigrations()); });
    ProjectPermissions::tighten(layout);  // a project made before 0700/0600: owner-only now
    createDataFolders(layout);
    Project project(std::move(layout), std::move(database));
    project.folderLock_ =
        lockProjectAndSweepOrphans(project.layout_, *project.database_, project.userName_);
    if (!migrating) {
        try {
            backups.makeDailyIfDue(*project.database_);
        } catch (const Error& failure) {
            project.warnings_.push_back(failure.what());
        }
    }
    return project;
}

void Project::requireWritable(const std::string& action) const {
    if (readOnly_) {
        throw Error(layout_.folder, "the project is read-only for this user: " + action +
                                        " needs to write to it (check the permissions, or "
                                        "copy the project to a writable place)");
    }
}

}  // namespace segloop
