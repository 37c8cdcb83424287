#include "storage/ProjectSettings.h"

#include "core/Error.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"

namespace segloop {

std::optional<std::string> ProjectSettings::find(const std::string& key) {
    Statement query(database_, "SELECT value FROM project_settings WHERE key = ?");
    query.bind(1, key);
    if (!query.step()) {
        return std::nullopt;
    }
    return query.columnText(0);
}

std::string ProjectSettings::get(const std::string& key) {
    auto value = find(key);
    if (!value) {
        throw Error(database_.path(), "project setting '" + key + "' is missing");
    }
    return *value;
}

void ProjectSettings::set(const std::string& key, const std::string& value) {
    Statement(database_,
              "INSERT INTO project_settings (key, value) VALUES (?, ?) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bindAll(key, value)
        .run();
}

int64_t ProjectSettings::datasetRevision() {
    const std::string text = get(kDatasetRevision);
    try {
        return std::stoll(text);
    } catch (const std::exception&) {
        throw Error(database_.path(), "dataset revision is not a number: '" + text + "'");
    }
}

int64_t ProjectSettings::bumpDatasetRevision() {
    Statement(database_,
              "UPDATE project_settings SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) "
              "WHERE key = ?")
        .bind(1, kDatasetRevision)
        .run();
    if (database_.changes() != 1) {
        throw Error(database_.path(), "project setting 'dataset_revision' is missing");
    }
    return datasetRevision();
}

}  // namespace segloop
