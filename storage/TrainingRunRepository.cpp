#include "storage/TrainingRunRepository.h"

#include "core/Error.h"
#include "storage/AuditLog.h"
#include "storage/Timestamp.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"

namespace segloop {

namespace {

std::string runSubject(int64_t runId) {
    return "training run " + std::to_string(runId);
}

}  // namespace

TrainingRunRepository::TrainingRunRepository(Database& database, std::string userName)
    : database_(database), userName_(std::move(userName)) {}

int64_t TrainingRunRepository::start(const std::string& method, const std::string& parametersJson,
                                     int64_t datasetRevision, std::optional<int64_t> baseModelId) {
    Transaction transaction(database_);
    Statement(database_,
              "INSERT INTO training_runs (base_model_id, method, parameters_json, "
              "dataset_revision, status, started_at) VALUES (?,?,?,?,?,?)")
        .bindAll(baseModelId, method, parametersJson, datasetRevision,
                 toString(TrainingStatus::Running), utcTimestampNow())
        .run();
    const int64_t runId = database_.lastInsertRowId();
    AuditLog(database_, userName_)
        .append("start training", runSubject(runId),
                {{"method", method}, {"dataset_revision", std::to_string(datasetRevision)}});
    transaction.commit();
    return runId;
}

void TrainingRunRepository::setStatus(int64_t runId, TrainingStatus status,
                                      const std::string& message) {
    const bool ends = status == TrainingStatus::Finished || status == TrainingStatus::Failed ||
                      status == TrainingStatus::Cancelled;
    Transaction transaction(database_);
    Statement(database_,
              "UPDATE training_runs SET status = ?, message = ?, "
              "finished_at = CASE WHEN ? THEN ? ELSE finished_at END WHERE id = ?")
        .bindAll(toString(status), message, int64_t{ends}, utcTimestampNow(), runId)
        .run();
    if (database_.changes() != 1) {
        throw Error(runSubject(runId), "no such training run in the project");
    }
    AuditLog(database_, userName_)
        .append("training status", runSubject(runId),
                {{"status", toString(status)}, {"message", message}});
    transaction.commit();
}

void TrainingRunRepository::setModel(int64_t runId, int64_t modelId) {
    Statement(database_, "UPDATE training_runs SET model_id = ? WHERE id = ?")
        .bindAll(modelId, runId)
        .run();
    if (database_.changes() != 1) {
        throw Error(runSubject(runId), "no such training run in the project");
    }
}

std::vector<TrainingRunRecord> TrainingRunRepository::query(const std::string& whereClause,
                                                            const std::optional<int64_t>& id) {
    Statement statement(database_,
                        "SELECT id, model_id, base_model_id, method, parameters_json, "
                        "dataset_revision, status, started_at, finished_at, message "
                        "FROM training_runs " +
                            whereClause);
    if (id) {
        statement.bind(1, *id);
    }
    std::vector<TrainingRunRecord> records;
    while (statement.step()) {
        TrainingRunRecord record;
        record.id = statement.columnInt64(0);
        record.modelId = statement.columnOptionalInt64(1);
        record.baseModelId = statement.columnOptionalInt64(2);
        record.method = statement.columnText(3);
        record.parametersJson = statement.columnText(4);
        record.datasetRevision = statement.columnInt64(5);
        record.status = trainingStatusFromString(statement.columnText(6));
        record.startedAt = statement.columnText(7);
        if (!statement.columnIsNull(8)) {
            record.finishedAt = statement.columnText(8);
        }
        record.message = statement.columnText(9);
        records.push_back(std::move(record));
    }
    return records;
}

std::optional<TrainingRunRecord> TrainingRunRepository::find(int64_t runId) {
    auto records = query("WHERE id = ?", runId);
    return records.empty() ? std::nullopt : std::optional<TrainingRunRecord>(records.front());
}

TrainingRunRecord TrainingRunRepository::get(int64_t runId) {
    auto record = find(runId);
    if (!record) {
        throw Error(runSubject(runId), "no such training run in the project");
    }
    return *record;
}

std::vector<TrainingRunRecord> TrainingRunRepository::list() {
    return query("ORDER BY id", std::nullopt);
}

}  // namespace segloop
