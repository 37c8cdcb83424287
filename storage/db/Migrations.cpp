#include "storage/db/Migrations.h"

#include <optional>

#include "core/Error.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"

namespace segloop {

namespace {

int lastVersion(const std::vector<Migration>& migrations) {
    return migrations.empty() ? 0 : migrations.back().version;
}

void checkOrder(const Database& database, const std::vector<Migration>& migrations) {
    for (size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != static_cast<int>(i) + 1) {
            throw Error(database.path(), "schema migrations are out of order (step " +
                                             std::to_string(i + 1) + " says version " +
                                             std::to_string(migrations[i].version) + ")");
        }
    }
}

void checkForeignKeys(Database& database, const Migration& migration) {
    Statement check(database, "PRAGMA foreign_key_check");
    if (check.step()) {
        throw Error(database.path(),
                    "schema migration to version " + std::to_string(migration.version) +
                        " left a dangling reference in table " + check.columnText(0));
    }
}

/// Turns foreign keys off for its lifetime (outside any transaction: inside one the pragma is
/// a no-op) and on again after, whatever happens.
class ForeignKeysOff {
  public:
    explicit ForeignKeysOff(Database& database) : database_(database) {
        database_.execute("PRAGMA foreign_keys = OFF");
    }
    ~ForeignKeysOff() {
        try {
            database_.execute("PRAGMA foreign_keys = ON");
        } catch (...) {
        }
    }
    ForeignKeysOff(const ForeignKeysOff&) = delete;
    ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

  private:
    Database& database_;
};

}  // namespace

int latestSchemaVersion() {
    return lastVersion(projectMigrations());
}

void refuseNewerSchema(Database& database, const std::vector<Migration>& migrations) {
    const int version = database.userVersion();
    const int known = lastVersion(migrations);
    if (version > known) {
        throw Error(database.path(), "the project's schema version " + std::to_string(version) +
                                         " is newer than this build of SegLoop understands (" +
                                         std::to_string(known) + "); open it with a newer SegLoop");
    }
}

int applyMigrations(Database& database, const std::vector<Migration>& migrations) {
    checkOrder(database, migrations);
    refuseNewerSchema(database, migrations);
    int applied = 0;
    for (const Migration& migration : migrations) {
        if (database.userVersion() >= migration.version) {
            continue;
        }
        std::optional<ForeignKeysOff> keysOff;
        if (migration.rebuildsTables) {
            keysOff.emplace(database);
        }
        Transaction transaction(database);
        // Another process may have migrated while we waited for the write lock.
        if (database.userVersion() >= migration.version) {
            continue;
        }
        try {
            database.execute(migration.sql);
        } catch (const Error& error) {
            throw Error(database.path(),
                        "schema migration to version " + std::to_string(migration.version) + " (" +
                            migration.description + ") failed: " + error.problem());
        }
        checkForeignKeys(database, migration);
        database.setUserVersion(migration.version);
        transaction.commit();
        ++applied;
    }
    return applied;
}

}  // namespace segloop
