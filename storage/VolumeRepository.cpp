#include "storage/VolumeRepository.h"

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "storage/DataFileCheck.h"
#include "storage/DataFiles.h"
#include "storage/LabelOfRecord.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"

namespace segloop {

namespace {

const std::string kSelectVolumes = R"sql(
    SELECT v.id, s.id, st.id, COALESCE(p.patient_id, ''), st.study_instance_uid, st.study_date,
           st.description, s.series_instance_uid, s.modality, s.description,
           s.frame_of_reference_uid, s.source_kind, s.source_path, s.imported_at, v.data_path,
           v.size_x, v.size_y, v.size_z, v.spacing_x_mm, v.spacing_y_mm, v.spacing_z_mm,
           v.origin_x_mm, v.origin_y_mm, v.origin_z_mm, v.direction, v.data_type, v.created_at,
           COALESCE(record.provenance, pseudo.provenance), record.id, pseudo.id,
           (SELECT COUNT(*) FROM label_versions WHERE volume_id = v.id), r.state,
           (SELECT MAX(id) FROM label_versions WHERE volume_id = v.id)
      FROM volumes v
      JOIN series s ON s.id = v.series_id
      JOIN studies st ON st.id = s.study_id
      LEFT JOIN patients p ON p.id = st.patient_ref
      LEFT JOIN label_versions record
             ON record.id = (SELECT MAX(id) FROM label_versions WHERE volume_id = v.id
                                AND )sql" +
                                   std::string(kLabelOfRecordCondition) + R"sql()
      LEFT JOIN label_versions pseudo
             ON record.id IS NULL
            AND pseudo.id = (SELECT MAX(id) FROM label_versions WHERE volume_id = v.id
                                AND provenance = 'pseudo')
      LEFT JOIN review_state r ON r.volume_id = v.id
)sql";

VolumeRecord readRecord(const Statement& row, const std::string& databasePath) {
    VolumeRecord record;
    record.volumeId = row.columnInt64(0);
    record.seriesId = row.columnInt64(1);
    record.studyId = row.columnInt64(2);
    record.patientId = row.columnText(3);
    record.studyInstanceUid = row.columnText(4);
    record.studyDate = row.columnText(5);
    record.studyDescription = row.columnText(6);
    record.seriesInstanceUid = row.columnText(7);
    record.modality = row.columnText(8);
    record.seriesDescription = row.columnText(9);
    record.frameOfReferenceUid = row.columnText(10);
    record.sourceKind = sourceKindFromString(row.columnText(11));
    record.sourcePath = row.columnText(12);
    record.importedAt = row.columnText(13);
    record.dataPath = row.columnText(14);
    for (int axis = 0; axis < 3; ++axis) {
        record.geometry.size[axis] = row.columnInt64(15 + axis);
        record.geometry.spacingMm[axis] = row.columnDouble(18 + axis);
        record.geometry.originMm[axis] = row.columnDouble(21 + axis);
    }
    record.geometry.direction = data_files::directionFromJson(
        row.columnText(24), databasePath + " (volume " + std::to_string(record.volumeId) + ")");
    record.dataType = row.columnText(25);
    record.createdAt = row.columnText(26);
    if (!row.columnIsNull(27)) {
        record.labelStatus = labelProvenanceFromString(row.columnText(27));
    }
    record.labelOfRecordId = row.columnOptionalInt64(28);
    record.pendingPseudoLabelId = row.columnOptionalInt64(29);
    record.labelVersionCount = row.columnInt64(30);
    if (!row.columnIsNull(31)) {
        record.reviewState = reviewStateFromString(row.columnText(31));
    }
    record.latestLabelVersionId = row.columnOptionalInt64(32);
    return record;
}

}  // namespace

VolumeRepository::VolumeRepository(Database& database, ProjectLayout layout, std::string userName)
    : database_(database), layout_(std::move(layout)), userName_(std::move(userName)) {}

std::vector<VolumeRecord> VolumeRepository::query(const std::string& whereClause,
                                                  const std::optional<int64_t>& id,
                                                  const std::optional<std::string>& text) {
    Statement statement(database_, kSelectVolumes + whereClause + " ORDER BY v.id");
    if (id) {
        statement.bind(1, *id);
    } else if (text) {
        statement.bind(1, *text);
    }
    std::vector<VolumeRecord> records;
    while (statement.step()) {
        records.push_back(readRecord(statement, database_.path()));
    }
    return records;
}

std::vector<VolumeRecord> VolumeRepository::list() {
    return query("", std::nullopt, std::nullopt);
}

std::optional<VolumeRecord> VolumeRepository::find(int64_t volumeId) {
    auto records = query("WHERE v.id = ?", volumeId, std::nullopt);
    if (records.empty()) {
        return std::nullopt;
    }
    return records.front();
}

VolumeRecord VolumeRepository::get(int64_t volumeId) {
    auto record = find(volumeId);
    if (!record) {
        throw Error("volume " + std::to_string(volumeId), "no such volume in the project");
    }
    return *record;
}

std::optional<VolumeRecord> VolumeRepository::findBySeriesUid(
    const std::string& seriesInstanceUid) {
    auto records = query("WHERE s.series_instance_uid = ?", std::nullopt, seriesInstanceUid);
    if (records.empty()) {
        return std::nullopt;
    }
    return records.front();
}

std::vector<InstanceInfo> VolumeRepository::instances(int64_t volumeId) {
    Statement statement(database_, R"sql(
        SELECT i.sop_instance_uid, i.sop_class_uid, i.frame_number, i.instance_number,
               i.slice_index, i.position_x_mm, i.position_y_mm, i.position_z_mm, i.file_path
          FROM instances i JOIN volumes v ON v.series_id = i.series_id
         WHERE v.id = ? ORDER BY i.slice_index
    )sql");
    statement.bind(1, volumeId);
    std::vector<InstanceInfo> instances;
    while (statement.step()) {
        InstanceInfo instance;
        instance.sopInstanceUid = statement.columnText(0);
        instance.sopClassUid = statement.columnText(1);
        instance.frameNumber = statement.columnInt64(2);
        instance.instanceNumber = statement.columnOptionalInt64(3);
        instance.sliceIndex = statement.columnInt64(4);
        if (!statement.columnIsNull(5)) {
            instance.positionMm = Vec3{statement.columnDouble(5), statement.columnDouble(6),
                                       statement.columnDouble(7)};
        }
        instance.filePath = statement.columnText(8);
        instances.push_back(std::move(instance));
    }
    return instances;
}

Volume VolumeRepository::load(int64_t volumeId) {
    const VolumeRecord record = get(volumeId);
    const std::string path = layout_.absolute(record.dataPath);
    const std::string subject = "volume " + std::to_string(volumeId);
    DataFileCheck check(database_, layout_);
    const bool recorded = check.verify(subject, record.dataPath);
    Volume volume;
    try {
        volume = readNiftiVolume(path);
    } catch (const Error& error) {
        throw Error(subject, "its file " + path + " cannot be read (" + error.problem() + ")");
    }
    if (!volume.geometry.sameGridAs(record.geometry)) {
        throw Error(subject, "its file " + path + " no longer matches the project (it is " +
                                 volume.geometry.describe() + ", the project recorded " +
                                 record.geometry.describe() +
                                 "): it was replaced outside "
                                 "SegLoop");
    }
    if (!recorded) {
        check.recordAfterLoad(record.dataPath);
    }
    volume.sourceDataType = record.dataType;
    return volume;
}

}  // namespace segloop
