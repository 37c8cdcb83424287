#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace segloop {

class Database;

/// One version of a trained network (segmenter or quality predictor).
struct ModelRecord {
    int64_t id = 0;
    std::string name;      ///< "hippocampus-sgrs", "quality-predictor".
    int64_t version = 0;   ///< 1, 2, ... per name; 0 in a request means "next".
    std::string method;    ///< "sgrs", "buarl", "reference", "quality-guided", ...
    std::string dataPath;  ///< Weights or bundle, relative to the project folder ("" if none).
    std::string createdAt;
    std::string metricsJson = "{}";
};

/// The project's model versions. Holds a reference to a Database (same thread rules).
class ModelRepository {
  public:
    ModelRepository(Database& database, std::string userName);

    /// Records a model version (id and createdAt of `model` are ignored; version 0 takes the
    /// next version of that name); returns its id.
    int64_t add(const ModelRecord& model);
    /// Replaces the metrics of a version (e.g. after an evaluation).
    void setMetrics(int64_t modelId, const std::string& metricsJson);
    std::optional<ModelRecord> find(int64_t modelId);
    ModelRecord get(int64_t modelId);
    /// The newest version of a name.
    std::optional<ModelRecord> latest(const std::string& name);
    std::vector<ModelRecord> list();

  private:
    std::vector<ModelRecord> query(const std::string& whereClause, const std::optional<int64_t>& id,
                                   const std::optional<std::string>& name);

    Database& database_;
    std::string userName_;
};

}  // namespace segloop
