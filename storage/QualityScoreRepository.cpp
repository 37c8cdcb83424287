#include "storage/QualityScoreRepository.h"

#include "storage/Timestamp.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"

namespace segloop {

int64_t QualityScoreRepository::record(const QualityScoreRecord& score) {
    Statement(database_, R"sql(
        INSERT INTO quality_scores (label_version_id, model_id, predicted_quality, entropy,
                                    epistemic_uncertainty, per_class_json, created_at,
                                    segmentation_model_id, scoring_json, learned_quality,
                                    expected_dice)
        VALUES (?,?,?,?,?,?,?,?,?,?,?)
        ON CONFLICT (label_version_id, model_id) DO UPDATE SET
            predicted_quality = excluded.predicted_quality, entropy = excluded.entropy,
            epistemic_uncertainty = excluded.epistemic_uncertainty,
            per_class_json = excluded.per_class_json, created_at = excluded.created_at,
            segmentation_model_id = excluded.segmentation_model_id,
            scoring_json = excluded.scoring_json, learned_quality = excluded.learned_quality,
            expected_dice = excluded.expected_dice
    )sql")
        .bindAll(score.labelVersionId, score.modelId, score.predictedQuality, score.entropy,
                 score.epistemicUncertainty, score.perClassJson, utcTimestampNow(),
                 score.segmentationModelId, score.scoringJson, score.learnedQuality,
                 score.expectedDice)
        .run();
    const auto stored = find(score.labelVersionId, score.modelId);
    return stored ? stored->id : 0;
}

void QualityScoreRepository::recordAll(const std::vector<QualityScoreRecord>& scores) {
    Transaction transaction(database_);
    for (const QualityScoreRecord& score : scores) {
        record(score);
    }
    transaction.commit();
}

std::vector<QualityScoreRecord> QualityScoreRepository::query(
    const std::string& whereClause, int64_t first, const std::optional<int64_t>& second) {
    Statement statement(database_,
                        "SELECT id, label_version_id, model_id, predicted_quality, entropy, "
                        "epistemic_uncertainty, per_class_json, created_at, "
                        "segmentation_model_id, scoring_json, learned_quality, expected_dice "
                        "FROM quality_scores " +
                            whereClause);
    statement.bind(1, first);
    if (second) {
        statement.bind(2, *second);
    }
    std::vector<QualityScoreRecord> records;
    while (statement.step()) {
        records.push_back({statement.columnInt64(0), statement.columnInt64(1),
                           statement.columnInt64(2), statement.columnDouble(3),
                           statement.columnOptionalDouble(4), statement.columnOptionalDouble(5),
                           statement.columnText(6), statement.columnText(7),
                           statement.columnOptionalInt64(8), statement.columnText(9),
                           statement.columnOptionalDouble(10), statement.columnOptionalDouble(11)});
    }
    return records;
}

std::optional<QualityScoreRecord> QualityScoreRepository::find(int64_t labelVersionId,
                                                               int64_t modelId) {
    auto records = query("WHERE label_version_id = ? AND model_id = ?", labelVersionId, modelId);
    return records.empty() ? std::nullopt : std::optional<QualityScoreRecord>(records.front());
}

std::vector<QualityScoreRecord> QualityScoreRepository::worstFirst(int64_t modelId) {
    return query("WHERE model_id = ? ORDER BY predicted_quality, id", modelId, std::nullopt);
}

bool QualityScoreRepository::isScoredWith(int64_t labelVersionId, int64_t modelId,
                                          int64_t segmentationModelId) {
    const std::optional<QualityScoreRecord> score = find(labelVersionId, modelId);
    return score && score->segmentationModelId == segmentationModelId &&
           score->learnedQuality.has_value();
}

}  // namespace segloop
