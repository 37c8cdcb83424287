// VolumeRepository::importVolume and its helpers: the one atomic change that adds an image.

#include <cmath>

#include "core/Error.h"
#include "core/io/NiftiWriter.h"
#include "storage/AuditLog.h"
#include "storage/DataFileCheck.h"
#include "storage/DataFiles.h"
#include "storage/DerivedUid.h"
#include "storage/Timestamp.h"
#include "storage/VolumeRepository.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"

namespace segloop {

namespace {

void checkVolume(const Volume& volume, const SeriesMetadata& metadata) {
    const std::string& subject = metadata.series.sourcePath;
    const ImageGeometry& grid = volume.geometry;
    for (int axis = 0; axis < 3; ++axis) {
        if (grid.size[axis] <= 0) {
            throw Error(subject, "the image has no voxels (" + grid.describe() + ")");
        }
        if (!(grid.spacingMm[axis] > 0) || !std::isfinite(grid.spacingMm[axis]) ||
            !std::isfinite(grid.originMm[axis])) {
            throw Error(subject, "the image's grid is not valid (" + grid.describe() + ")");
        }
    }
    if (volume.voxels.size() != grid.voxelCount()) {
        throw Error(subject, "the image has " + std::to_string(volume.voxels.size()) +
                                 " voxels but its grid needs " + std::to_string(grid.voxelCount()));
    }
    for (const InstanceInfo& instance : metadata.instances) {
        if (instance.sliceIndex < 0 || instance.sliceIndex >= grid.size[2]) {
            throw Error(subject, "instance " + instance.sopInstanceUid + " is slice " +
                                     std::to_string(instance.sliceIndex) + " of an image with " +
                                     std::to_string(grid.size[2]) + " slices");
        }
    }
}

/// The patient row for a study (reused when the PatientID is known), or none.
std::optional<int64_t> upsertPatient(Database& database, const PatientInfo& patient) {
    if (patient.patientId.empty()) {
        return std::nullopt;
    }
    Statement find(database, "SELECT id FROM patients WHERE patient_id = ?");
    find.bind(1, patient.patientId);
    if (find.step()) {
        return find.columnInt64(0);
    }
    Statement(database, "INSERT INTO patients (patient_id, name, birth_date, sex) VALUES (?,?,?,?)")
        .bindAll(patient.patientId, patient.name, patient.birthDate, patient.sex)
        .run();
    return database.lastInsertRowId();
}

/// The study row (reused when the StudyInstanceUID is known), refusing a study that the project
/// already files under another patient.
int64_t upsertStudy(Database& database, const SeriesMetadata& metadata,
                    const std::optional<int64_t>& patientRef) {
    const StudyInfo& study = metadata.study;
    Statement find(database,
                   "SELECT st.id, st.patient_ref, COALESCE(p.patient_id, '') FROM studies st "
                   "LEFT JOIN patients p ON p.id = st.patient_ref WHERE study_instance_uid = ?");
    find.bind(1, study.studyInstanceUid);
    if (find.step()) {
        const auto existingPatient = find.columnOptionalInt64(1);
        if (patientRef && existingPatient && *existingPatient != *patientRef) {
            // No PatientID in the message: errors reach terminals and logs (see the
            // security notes); `info --volume N --show-patient` shows them when asked.
            throw Error(metadata.series.sourcePath,
                        "study " + study.studyInstanceUid +
                            " is in the project for another patient than this series names "
                            "(their Patient IDs differ)");
        }
        return find.columnInt64(0);
    }
    Statement(database,
              "INSERT INTO studies (patient_ref, study_instance_uid, study_date, description, "
              "accession_number) VALUES (?,?,?,?,?)")
        .bindAll(patientRef, study.studyInstanceUid, study.date, study.description,
                 study.accessionNumber)
        .run();
    return database.lastInsertRowId();
}

void insertInstances(Database& database, int64_t seriesId,
                     const std::vector<InstanceInfo>& instances) {
    Statement insert(database, R"sql(
        INSERT INTO instances (series_id, sop_instance_uid, sop_class_uid, frame_number,
                               instance_number, slice_index, position_x_mm, position_y_mm,
                               position_z_mm, file_path)
        VALUES (?,?,?,?,?,?,?,?,?,?)
    )sql");
    for (const InstanceInfo& instance : instances) {
        std::optional<double> x, y, z;
        if (instance.positionMm) {
            x = (*instance.positionMm)[0];
            y = (*instance.positionMm)[1];
            z = (*instance.positionMm)[2];
        }
        insert.reset();
        insert.bindAll(seriesId, instance.sopInstanceUid, instance.sopClassUid,
                       instance.frameNumber, instance.instanceNumber, instance.sliceIndex, x, y, z,
                       instance.filePath);
        insert.run();
    }
}

}  // namespace

SeriesMetadata VolumeRepository::withDerivedUids(const SeriesMetadata& metadata) {
    SeriesMetadata resolved = metadata;
    if (resolved.series.seriesInstanceUid.empty()) {
        if (resolved.series.sourceKind != SourceKind::Nifti) {
            throw Error(resolved.series.sourcePath, "the DICOM series has no SeriesInstanceUID");
        }
        resolved.series.seriesInstanceUid = seriesUidFromFileContent(resolved.series.sourcePath);
    }
    if (resolved.study.studyInstanceUid.empty()) {
        resolved.study.studyInstanceUid = derivedUid("study", resolved.series.seriesInstanceUid);
    }
    return resolved;
}

void VolumeRepository::refuseDuplicate(const SeriesMetadata& metadata) {
    Statement find(database_,
                   "SELECT source_path, imported_at FROM series WHERE series_instance_uid = ?");
    find.bind(1, metadata.series.seriesInstanceUid);
    if (find.step()) {
        throw Error(metadata.series.sourcePath, "series " + metadata.series.seriesInstanceUid +
                                                    " is already in the project (imported from " +
                                                    find.columnText(0) + " on " +
                                                    readableTimestamp(find.columnText(1)) + ")");
    }
}

int64_t VolumeRepository::insertRows(const SeriesMetadata& metadata, const Volume& volume) {
    const auto patientRef = upsertPatient(database_, metadata.study.patient);
    const int64_t studyId = upsertStudy(database_, metadata, patientRef);
    const SeriesInfo& series = metadata.series;
    const std::string now = utcTimestampNow();
    Statement(database_, R"sql(
        INSERT INTO series (study_id, series_instance_uid, series_number, modality, description,
                            frame_of_reference_uid, source_kind, source_path, imported_at)
        VALUES (?,?,?,?,?,?,?,?,?)
    )sql")
        .bindAll(studyId, series.seriesInstanceUid, series.seriesNumber, series.modality,
                 series.description, series.frameOfReferenceUid, toString(series.sourceKind),
                 series.sourcePath, now)
        .run();
    const int64_t seriesId = database_.lastInsertRowId();
    insertInstances(database_, seriesId, metadata.instances);

    const ImageGeometry& grid = volume.geometry;
    Statement(database_, R"sql(
        INSERT INTO volumes (series_id, data_path, size_x, size_y, size_z, spacing_x_mm,
                             spacing_y_mm, spacing_z_mm, origin_x_mm, origin_y_mm, origin_z_mm,
                             direction, data_type, created_at)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
    )sql")
        .bindAll(seriesId, ProjectLayout::volumeDataPath(seriesId), grid.size[0], grid.size[1],
                 grid.size[2], grid.spacingMm[0], grid.spacingMm[1], grid.spacingMm[2],
                 grid.originMm[0], grid.originMm[1], grid.originMm[2],
                 data_files::directionToJson(grid.direction), volume.sourceDataType, now)
        .run();
    const int64_t volumeId = database_.lastInsertRowId();
    AuditLog(database_, userName_)
        .append("import volume", "volume " + std::to_string(volumeId),
                {{"series_instance_uid", series.seriesInstanceUid},
                 {"source_kind", toString(series.sourceKind)},
                 {"source_path", series.sourcePath},
                 {"data_path", ProjectLayout::volumeDataPath(seriesId)}});
    return volumeId;
}

int64_t VolumeRepository::importVolume(const SeriesMetadata& request, const Volume& volume) {
    const SeriesMetadata metadata = withDerivedUids(request);
    checkVolume(volume, metadata);
    refuseDuplicate(metadata);  // early, before the costly write

    data_files::ensureFolder(layout_.volumesFolder());
    const std::string stagingPath = data_files::stagingPath(layout_.volumesFolder());
    std::string writtenPath = stagingPath;
    try {
        writeNiftiVolume(volume, stagingPath);
        data_files::syncFile(stagingPath);
        const FileFingerprint written = DataFileCheck::fingerprint(stagingPath);

        Transaction transaction(database_);
        refuseDuplicate(metadata);  // again, now that this connection holds the write lock
        const int64_t volumeId = insertRows(metadata, volume);
        const std::string dataPath = get(volumeId).dataPath;
        DataFileCheck(database_, layout_).record(dataPath, written);
        const std::string finalPath = layout_.absolute(dataPath);
        data_files::renameFile(stagingPath, finalPath);
        writtenPath = finalPath;
        database_.removeOnRollback(finalPath);  // also when an enclosing commit fails
        data_files::syncFolder(layout_.volumesFolder());
        transaction.commit();
        return volumeId;
    } catch (...) {
        // Rows are rolled back by the Transaction; the file must go with them.
        data_files::removeQuietly(writtenPath);
        throw;
    }
}

}  // namespace segloop
