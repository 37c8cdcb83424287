#include "storage/LabelVersionRepository.h"

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "storage/DataFileCheck.h"
#include "storage/LabelOfRecord.h"
#include "storage/VolumeRepository.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"

namespace segloop {

LabelVersionRepository::LabelVersionRepository(Database& database, ProjectLayout layout,
                                               std::string userName)
    : database_(database), layout_(std::move(layout)), userName_(std::move(userName)) {}

std::vector<LabelVersionRecord> LabelVersionRepository::query(const std::string& whereClause,
                                                              std::optional<int64_t> key) {
    Statement statement(database_,
                        "SELECT id, volume_id, label_set_id, data_path, provenance, model_id, "
                        "parent_id, author, created_at, dataset_revision FROM label_versions " +
                            whereClause);
    if (key) {
        statement.bind(1, *key);
    }
    std::vector<LabelVersionRecord> records;
    while (statement.step()) {
        LabelVersionRecord record;
        record.id = statement.columnInt64(0);
        record.volumeId = statement.columnInt64(1);
        record.labelSetId = statement.columnInt64(2);
        record.dataPath = statement.columnText(3);
        record.provenance = labelProvenanceFromString(statement.columnText(4));
        record.modelId = statement.columnOptionalInt64(5);
        record.parentId = statement.columnOptionalInt64(6);
        record.author = statement.columnText(7);
        record.createdAt = statement.columnText(8);
        record.datasetRevision = statement.columnInt64(9);
        records.push_back(std::move(record));
    }
    return records;
}

std::optional<LabelVersionRecord> LabelVersionRepository::find(int64_t labelVersionId) {
    auto records = query("WHERE id = ?", labelVersionId);
    if (records.empty()) {
        return std::nullopt;
    }
    return records.front();
}

LabelVersionRecord LabelVersionRepository::get(int64_t labelVersionId) {
    auto record = find(labelVersionId);
    if (!record) {
        throw Error("label version " + std::to_string(labelVersionId),
                    "no such label version in the project");
    }
    return *record;
}

std::vector<LabelVersionRecord> LabelVersionRepository::listForVolume(int64_t volumeId) {
    return query("WHERE volume_id = ? ORDER BY id", volumeId);
}

std::optional<LabelVersionRecord> LabelVersionRepository::latestForVolume(int64_t volumeId) {
    auto records = query("WHERE volume_id = ? ORDER BY id DESC LIMIT 1", volumeId);
    if (records.empty()) {
        return std::nullopt;
    }
    return records.front();
}

std::optional<LabelVersionRecord> LabelVersionRepository::labelOfRecord(int64_t volumeId) {
    auto records = query(std::string("WHERE volume_id = ? AND ") + kLabelOfRecordCondition +
                             " ORDER BY id DESC LIMIT 1",
                         volumeId);
    if (records.empty()) {
        return std::nullopt;
    }
    return records.front();
}

std::optional<LabelVersionRecord> LabelVersionRepository::labelToShow(int64_t volumeId) {
    if (auto record = labelOfRecord(volumeId)) {
        return record;
    }
    auto pseudo =
        query("WHERE volume_id = ? AND provenance = 'pseudo' ORDER BY id DESC LIMIT 1", volumeId);
    if (pseudo.empty()) {
        return std::nullopt;
    }
    return pseudo.front();
}

std::vector<LabelVersionRecord> LabelVersionRepository::labelsOfRecord() {
    return query(std::string("WHERE id IN (SELECT MAX(id) FROM label_versions WHERE ") +
                     kLabelOfRecordCondition + " GROUP BY volume_id) ORDER BY volume_id",
                 std::nullopt);
}

std::vector<LabelVersionRecord> LabelVersionRepository::labelsOfRecordAtRevision(
    int64_t datasetRevision, bool includeAccepted) {
    return query(std::string("WHERE id IN (SELECT MAX(id) FROM label_versions WHERE ") +
                     (includeAccepted ? kLabelOfRecordCondition : kHumanMadeCondition) +
                     " AND dataset_revision <= ?1 GROUP BY volume_id) ORDER BY volume_id",
                 datasetRevision);
}

std::vector<LabelVersionRecord> LabelVersionRepository::currentPseudoLabels() {
    return query(
        std::string("WHERE id IN (SELECT MAX(id) FROM label_versions "
                    "             WHERE provenance = 'pseudo' GROUP BY volume_id) "
                    "  AND volume_id NOT IN (SELECT volume_id FROM label_versions WHERE ") +
            kLabelOfRecordCondition + ") ORDER BY volume_id",
        std::nullopt);
}

std::vector<LabelVersionRecord> LabelVersionRepository::pseudoLabelsOfLabelledVolumes() {
    return query(std::string("WHERE provenance = 'pseudo' AND volume_id IN "
                             "(SELECT volume_id FROM label_versions WHERE ") +
                     kLabelOfRecordCondition + ") ORDER BY volume_id, id",
                 std::nullopt);
}

namespace {

/// Reads a label version's file after checking it against what was recorded when it was
/// written (DataFileCheck), and checks that it still lies on its volume's grid.
LabelMap loadChecked(Database& database, const ProjectLayout& layout,
                     const LabelVersionRecord& record) {
    const std::string subject = "label version " + std::to_string(record.id) + " (volume " +
                                std::to_string(record.volumeId) + ")";
    const std::string path = layout.absolute(record.dataPath);
    DataFileCheck check(database, layout);
    const bool recorded = check.verify(subject, record.dataPath);
    LabelMap labels;
    try {
        labels = readNiftiLabelMap(path);
    } catch (const Error& error) {
        throw Error(subject, "its file " + path + " cannot be read (" + error.problem() + ")");
    }
    const auto volume = VolumeRepository(database, layout, "").find(record.volumeId);
    if (volume && !labels.geometry.sameGridAs(volume->geometry, 1e-3)) {
        throw Error(subject, "its file " + path + " no longer matches its volume (it is " +
                                 labels.geometry.describe() + ", the volume is " +
                                 volume->geometry.describe() +
                                 "): it was replaced outside SegLoop");
    }
    if (!recorded) {
        check.recordAfterLoad(record.dataPath);
    }
    return labels;
}

}  // namespace

LabelMap LabelVersionRepository::load(int64_t labelVersionId) {
    return loadChecked(database_, layout_, get(labelVersionId));
}

std::optional<LabelMap> LabelVersionRepository::loadLatest(int64_t volumeId) {
    const auto latest = latestForVolume(volumeId);
    if (!latest) {
        return std::nullopt;
    }
    return loadChecked(database_, layout_, *latest);
}

}  // namespace segloop
