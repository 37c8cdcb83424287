#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/FolderLock.h"
#include "storage/ProjectLayout.h"

namespace segloop {

class Database;

/// What sweepOrphanFiles() found and did (paths relative to the project folder).
struct OrphanSweepReport {
    std::vector<std::string> removedTemporaryFiles;  ///< deleted: never committed, maybe partial
    std::vector<std::string> movedDataFiles;         ///< moved to data/orphans/ (new names)
};

/// Files a process killed mid-write leaves in a project, cleaned on the next writable open.
///
/// Temporary files (anywhere under data/): `.staging-*` (DataFiles), `.<name>.tmp-*`
/// (NiftiWriter, DicomFileSave) and `*.partial` (checkpoints, model files, bundles), and
/// `.staging-*` in backups/ (a killed backup copy). They were never committed: deleted. Data files
/// named like a row's file (data/volumes/<id>.nii.gz, data/labels/<id>.nii.gz,
/// <id>-uncertainty.nii.gz, <id>-regions.nii.gz) that no row references (a kill after the rename,
/// before the commit): moved to data/orphans/ under a new name, with an audit log entry, so that
/// nothing is lost; other files are left alone.
///
/// Only safe while no other process has the project open: call it through
/// lockProjectAndSweepOrphans, never on its own on a shared project. Throws Error on a
/// database failure; file system failures on single files are skipped (the next open tries
/// again).
OrphanSweepReport sweepOrphanFiles(const ProjectLayout& layout, Database& database,
                                   const std::string& userName);

/// Project::open's hook: takes the project folder's lock (FolderLock); when this process is the
/// only one with the project open (the exclusive lock is free), sweeps orphan files first, then
/// keeps a shared lock for as long as the returned object lives. A project open elsewhere is
/// not swept (its writers' temporary files are live); a later lone open sweeps it.
std::shared_ptr<FolderLock> lockProjectAndSweepOrphans(const ProjectLayout& layout,
                                                       Database& database,
                                                       const std::string& userName);

}  // namespace segloop
