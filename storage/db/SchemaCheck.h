#pragma once

#include <vector>

#include "storage/db/Migrations.h"

namespace segloop {

class Database;

/// Throws Error(database path, "the project database's schema is broken: table X is
/// missing ...") when a table, index or trigger that `migrations` create (up to the database's
/// version) is missing: what a hand-edited or half-overwritten file shows. The reference is a
/// fresh in-memory database migrated to the same version; a few milliseconds.
void refuseIncompleteSchema(Database& database, const std::vector<Migration>& migrations);

}  // namespace segloop
