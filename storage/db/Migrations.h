#pragma once

#include <string>
#include <vector>

namespace segloop {

class Database;

/// One step of the project schema: the SQL that takes a database from `version - 1` to
/// `version`. Steps are never edited once released; a change to the schema is a new step.
struct Migration {
    int version = 0;
    std::string description;
    std::string sql;
    /// The step rebuilds a table (SQLite cannot change a CHECK in place): foreign keys are off
    /// while it runs, as SQLite's documented procedure asks, so dropping the old table neither
    /// cascades nor fails; PRAGMA foreign_key_check still runs before its commit.
    bool rebuildsTables = false;
};

/// The project schema's steps, in order (version 1, 2, ...).
const std::vector<Migration>& projectMigrations();

/// The schema version this build writes: the last step of projectMigrations().
int latestSchemaVersion();

/// Brings a database up to the last of `migrations` (ordered by version, starting at 1).
///
/// Each step runs in its own transaction together with its `PRAGMA user_version` update, so a
/// failed step leaves the database at the previous version, untouched. A database whose version
/// is newer than the last step is refused with an Error that says so, before anything is
/// written. A step that needs to rebuild a table must keep foreign keys consistent itself:
/// `PRAGMA foreign_key_check` runs after every step and fails it when a row is left dangling.
/// Returns the number of steps applied.
int applyMigrations(Database& database, const std::vector<Migration>& migrations);

/// Throws Error when the database's schema version is newer than `migrations` know.
void refuseNewerSchema(Database& database, const std::vector<Migration>& migrations);

}  // namespace segloop
