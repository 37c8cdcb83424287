#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace segloop {

class Database;

/// A quality predictor's verdict on one label version.
struct QualityScoreRecord {
    int64_t id = 0;
    int64_t labelVersionId = 0;
    int64_t modelId = 0;  ///< The quality predictor's model version.
    /// Predicted Dice, 0..1: the mean of learnedQuality and expectedDice when both are known
    /// (scores since schema version 5), else the learned predictor's alone.
    double predictedQuality = 0.0;
    std::optional<double> entropy;  ///< Mean voxel entropy of the prediction, nats.
    std::optional<double> epistemicUncertainty;
    std::string perClassJson = "{}";  ///< e.g. {"1": 0.84, "2": 0.79}
    std::string createdAt;
    /// The segmentation model whose softmax gave entropy and epistemicUncertainty (none for
    /// scores written before schema version 2).
    std::optional<int64_t> segmentationModelId;
    /// How the uncertainties were measured, e.g. {"mc_passes":10,"mc_dropout":0.1,...}.
    std::string scoringJson = "{}";
    /// The learned quality predictor's Dice (none before schema version 5).
    std::optional<double> learnedQuality;
    /// The segmentation model's expected Dice of the mask (ModelUncertainty::expectedDice;
    /// none before schema version 5 or when it is not defined).
    std::optional<double> expectedDice;
};

/// Stores quality scores; scoring the same label version with the same predictor again
/// replaces the earlier score. Holds a reference to a Database (same thread rules).
class QualityScoreRepository {
  public:
    explicit QualityScoreRepository(Database& database) : database_(database) {}

    /// Inserts or replaces one score (id and createdAt of `score` are ignored); returns its id.
    int64_t record(const QualityScoreRecord& score);
    /// Records many scores in one transaction: all of them or none.
    void recordAll(const std::vector<QualityScoreRecord>& scores);
    std::optional<QualityScoreRecord> find(int64_t labelVersionId, int64_t modelId);
    /// Scores of one predictor, lowest predicted quality first.
    std::vector<QualityScoreRecord> worstFirst(int64_t modelId);
    /// True when `labelVersionId` has a score of quality predictor `modelId` made with
    /// segmentation model `segmentationModelId` and this version's scoring (a learned
    /// quality): scoring it again would change nothing.
    bool isScoredWith(int64_t labelVersionId, int64_t modelId, int64_t segmentationModelId);

  private:
    std::vector<QualityScoreRecord> query(const std::string& whereClause, int64_t first,
                                          const std::optional<int64_t>& second);

    Database& database_;
};

}  // namespace segloop
