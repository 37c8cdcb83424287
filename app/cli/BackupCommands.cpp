// `backup` and `restore`: copies of the project database (storage/ProjectBackup.h).
#include <cstdio>

#include "app/cli/Commands.h"
#include "core/Error.h"
#include "storage/Project.h"
#include "storage/ProjectBackup.h"
#include "storage/ProjectRestore.h"

namespace segloop::cli {
namespace {

int runBackup(const ParsedArguments& arguments) {
    const std::string& folder = arguments.positional[0];
    if (arguments.has("list")) {
        Project project = Project::open(folder, ProjectAccess::Browse);  // a real project
        const std::vector<BackupInfo> backups = ProjectBackup(project.layout()).list();
        if (backups.empty()) {
            std::printf("No backups in %s/%s yet\n", project.layout().folder.c_str(),
                        ProjectBackup::kFolderName);
            return kExitOk;
        }
        std::printf("%-50s  %-23s  %-15s  %s\n", "backup", "taken", "reason", "size");
        for (const BackupInfo& backup : backups) {
            std::printf("%-50s  %-23s  %-15s  %lld KiB\n", backup.fileName.c_str(),
                        backup.takenAt.c_str(), backup.reason.c_str(),
                        static_cast<long long>((backup.sizeBytes + 1023) / 1024));
        }
        return kExitOk;
    }
    Project project = Project::open(folder);
    const BackupInfo backup = ProjectBackup(project.layout()).make(project.database(), "manual");
    std::printf("Backed up the project database to %s (%lld KiB)\n", backup.path.c_str(),
                static_cast<long long>((backup.sizeBytes + 1023) / 1024));
    return kExitOk;
}

int runRestore(const ParsedArguments& arguments) {
    const RestoreReport report =
        restoreProjectBackup(arguments.positional[0], arguments.positional[1]);
    std::printf("Restored %s (taken %s)\n", report.restored.fileName.c_str(),
                report.restored.takenAt.c_str());
    if (!report.previousCopy.empty()) {
        std::printf("The database it replaced is kept as %s\n", report.previousCopy.c_str());
    }
    for (const std::string& moved : report.reclaimedFiles) {
        std::printf("Moved back %s\n", moved.c_str());
    }
    return kExitOk;
}

}  // namespace

Command backupCommand() {
    return {{"backup",
             "Back up the project database now, or list its backups.",
             "PROJECT [--list]",
             "Copies project.segloop with SQLite's online backup API (a consistent copy even\n"
             "while the project is open elsewhere) into PROJECT/backups/ (owner-only files).\n"
             "SegLoop also makes one before each schema upgrade and one a day, on the first\n"
             "open that can write; the newest 7 of each kind are kept, upgrade ones all.\n"
             "Voxel files are not copied: SegLoop never changes or deletes them.\n"
             "--list prints the backups, newest first; `restore` puts one back.",
             1,
             1,
             {{"list", "", "list the backups instead of making one"}}},
            runBackup};
}

Command restoreCommand() {
    return {{"restore",
             "Put a backup of the project database back in place.",
             "PROJECT BACKUP",
             "BACKUP is a file name from `backup PROJECT --list` or a path. The backup is\n"
             "checked (a SegLoop project, intact) before anything changes; the current\n"
             "database is kept as a 'before-restore' backup (or, when it cannot be read,\n"
             "as a byte copy named '...-damaged'), then the backup replaces it. Refused\n"
             "while another SegLoop window or command has the project open. Labels saved\n"
             "after the backup was taken are no longer listed, but their files stay in\n"
             "PROJECT/data.",
             2,
             2,
             {}},
            runRestore};
}

}  // namespace segloop::cli
