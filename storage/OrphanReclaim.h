#pragma once

#include <string>
#include <vector>

#include "storage/ProjectLayout.h"

namespace segloop {

class Database;

/// Brings back into place the data files that a restored database names but that the orphan
/// sweep had moved to data/orphans/ (OrphanSweep.h).
///
/// Restoring an older backup makes the files of newer rows unreferenced, and the next open moves
/// them to data/orphans/; restoring the newer database again (the "before-restore" backup)
/// names them once more. Each file under data/orphans/ whose SHA-256 is the one recorded for a
/// data path of the database (DataFileCheck) goes back to that path when the file there is
/// missing or differs from the record (a newer row's file with the same id then goes to
/// data/orphans/ in its place). Files without a recorded fingerprint are never moved. Call it
/// with the project open and no other process in it (restoreProjectBackup does); same thread
/// rules as the Database. Throws Error on a database failure; a file that cannot be moved stays
/// where it is (loading it then says it is missing).
std::vector<std::string> reclaimOrphanFiles(const ProjectLayout& layout, Database& database,
                                            const std::string& userName);

}  // namespace segloop
