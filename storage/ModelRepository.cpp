#include "storage/ModelRepository.h"

#include "core/Error.h"
#include "storage/AuditLog.h"
#include "storage/Timestamp.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"

namespace segloop {

ModelRepository::ModelRepository(Database& database, std::string userName)
    : database_(database), userName_(std::move(userName)) {}

int64_t ModelRepository::add(const ModelRecord& model) {
    Transaction transaction(database_);
    int64_t version = model.version;
    if (version == 0) {
        Statement next(database_,
                       "SELECT COALESCE(MAX(version), 0) + 1 FROM models WHERE name = ?");
        next.bind(1, model.name);
        next.step();
        version = next.columnInt64(0);
    }
    Statement(database_,
              "INSERT INTO models (name, version, method, data_path, created_at, metrics_json) "
              "VALUES (?,?,?,?,?,?)")
        .bindAll(model.name, version, model.method, model.dataPath, utcTimestampNow(),
                 model.metricsJson)
        .run();
    const int64_t id = database_.lastInsertRowId();
    AuditLog(database_, userName_)
        .append(
            "add model", "model " + std::to_string(id),
            {{"name", model.name}, {"version", std::to_string(version)}, {"method", model.method}});
    transaction.commit();
    return id;
}

void ModelRepository::setMetrics(int64_t modelId, const std::string& metricsJson) {
    Statement(database_, "UPDATE models SET metrics_json = ? WHERE id = ?")
        .bindAll(metricsJson, modelId)
        .run();
    if (database_.changes() != 1) {
        throw Error("model " + std::to_string(modelId), "no such model in the project");
    }
}

std::vector<ModelRecord> ModelRepository::query(const std::string& whereClause,
                                                const std::optional<int64_t>& id,
                                                const std::optional<std::string>& name) {
    Statement statement(database_,
                        "SELECT id, name, version, method, data_path, created_at, metrics_json "
                        "FROM models " +
                            whereClause);
    if (id) {
        statement.bind(1, *id);
    } else if (name) {
        statement.bind(1, *name);
    }
    std::vector<ModelRecord> records;
    while (statement.step()) {
        records.push_back({statement.columnInt64(0), statement.columnText(1),
                           statement.columnInt64(2), statement.columnText(3),
                           statement.columnText(4), statement.columnText(5),
                           statement.columnText(6)});
    }
    return records;
}

std::optional<ModelRecord> ModelRepository::find(int64_t modelId) {
    auto records = query("WHERE id = ?", modelId, std::nullopt);
    return records.empty() ? std::nullopt : std::optional<ModelRecord>(records.front());
}

ModelRecord ModelRepository::get(int64_t modelId) {
    auto record = find(modelId);
    if (!record) {
        throw Error("model " + std::to_string(modelId), "no such model in the project");
    }
    return *record;
}

std::optional<ModelRecord> ModelRepository::latest(const std::string& name) {
    auto records = query("WHERE name = ? ORDER BY version DESC LIMIT 1", std::nullopt, name);
    return records.empty() ? std::nullopt : std::optional<ModelRecord>(records.front());
}

std::vector<ModelRecord> ModelRepository::list() {
    return query("ORDER BY id", std::nullopt, std::nullopt);
}

}  // namespace segloop
