#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/RecordKinds.h"

namespace segloop {

class Database;

/// One training run: what it trained on (dataset revision), how, and what it produced.
struct TrainingRunRecord {
    int64_t id = 0;
    std::optional<int64_t> modelId;      ///< The model version it produced, once it has one.
    std::optional<int64_t> baseModelId;  ///< The version it started from, if any.
    std::string method;
    std::string parametersJson = "{}";
    int64_t datasetRevision = 0;
    TrainingStatus status = TrainingStatus::Running;
    std::string startedAt;
    std::optional<std::string> finishedAt;
    std::string message;  ///< Why it failed or stopped; empty otherwise.
};

/// The project's training runs. Holds a reference to a Database (same thread rules).
class TrainingRunRepository {
  public:
    TrainingRunRepository(Database& database, std::string userName);

    /// Records a run that starts now (status running); returns its id.
    int64_t start(const std::string& method, const std::string& parametersJson,
                  int64_t datasetRevision, std::optional<int64_t> baseModelId = std::nullopt);
    /// Changes the status; finished, failed and cancelled also set finishedAt.
    void setStatus(int64_t runId, TrainingStatus status, const std::string& message = "");
    /// Links the model version the run produced.
    void setModel(int64_t runId, int64_t modelId);
    std::optional<TrainingRunRecord> find(int64_t runId);
    TrainingRunRecord get(int64_t runId);
    /// Every run, oldest first.
    std::vector<TrainingRunRecord> list();

  private:
    std::vector<TrainingRunRecord> query(const std::string& whereClause,
                                         const std::optional<int64_t>& id);

    Database& database_;
    std::string userName_;
};

}  // namespace segloop
