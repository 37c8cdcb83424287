#include "storage/db/SchemaCheck.h"

#include <set>
#include <string>
#include <utility>

#include "core/Error.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"

namespace segloop {

namespace {

using SchemaObject = std::pair<std::string, std::string>;  // type, name

std::set<SchemaObject> schemaObjects(Database& database) {
    std::set<SchemaObject> objects;
    Statement statement(database,
                        "SELECT type, name FROM sqlite_schema "
                        "WHERE type IN ('table', 'index', 'trigger') AND name NOT LIKE 'sqlite_%'");
    while (statement.step()) {
        objects.emplace(statement.columnText(0), statement.columnText(1));
    }
    return objects;
}

}  // namespace

void refuseIncompleteSchema(Database& database, const std::vector<Migration>& migrations) {
    const int version = database.userVersion();
    std::vector<Migration> upToVersion;
    for (const Migration& migration : migrations) {
        if (migration.version <= version) {
            upToVersion.push_back(migration);
        }
    }
    Database reference(":memory:", Database::OpenMode::Create);
    applyMigrations(reference, upToVersion);
    std::set<SchemaObject> present;
    try {
        present = schemaObjects(database);
    } catch (const Error& error) {
        throw Error(database.path(),
                    "the project database's schema cannot be read (" + error.problem() + ")");
    }
    std::string missing;
    for (const SchemaObject& object : schemaObjects(reference)) {
        if (present.count(object) == 0) {
            missing += (missing.empty() ? "" : ", ") + object.first + " " + object.second;
        }
    }
    if (!missing.empty()) {
        throw Error(database.path(), "the project database's schema is broken (version " +
                                         std::to_string(version) + " should have " + missing + ")");
    }
}

}  // namespace segloop
