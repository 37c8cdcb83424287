// VolumeRepository::seriesMetadata: the patient, study, series and instances of a volume.
#include "core/Error.h"
#include "storage/VolumeRepository.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"

namespace segloop {

SeriesMetadata VolumeRepository::seriesMetadata(int64_t volumeId) {
    Statement row(database_, R"sql(
        SELECT COALESCE(p.patient_id, ''), COALESCE(p.name, ''), COALESCE(p.birth_date, ''),
               COALESCE(p.sex, ''), st.study_instance_uid, st.study_date, st.description,
               st.accession_number, s.series_instance_uid, s.series_number, s.modality,
               s.description, s.frame_of_reference_uid, s.source_kind, s.source_path
          FROM volumes v
          JOIN series s ON s.id = v.series_id
          JOIN studies st ON st.id = s.study_id
          LEFT JOIN patients p ON p.id = st.patient_ref
         WHERE v.id = ?
    )sql");
    row.bind(1, volumeId);
    if (!row.step()) {
        throw Error("volume " + std::to_string(volumeId), "no such volume in the project");
    }
    SeriesMetadata metadata;
    PatientInfo& patient = metadata.study.patient;
    patient.patientId = row.columnText(0);
    patient.name = row.columnText(1);
    patient.birthDate = row.columnText(2);
    patient.sex = row.columnText(3);
    metadata.study.studyInstanceUid = row.columnText(4);
    metadata.study.date = row.columnText(5);
    metadata.study.description = row.columnText(6);
    metadata.study.accessionNumber = row.columnText(7);
    metadata.series.seriesInstanceUid = row.columnText(8);
    metadata.series.seriesNumber = row.columnOptionalInt64(9);
    metadata.series.modality = row.columnText(10);
    metadata.series.description = row.columnText(11);
    metadata.series.frameOfReferenceUid = row.columnText(12);
    metadata.series.sourceKind = sourceKindFromString(row.columnText(13));
    metadata.series.sourcePath = row.columnText(14);
    metadata.instances = instances(volumeId);
    return metadata;
}

}  // namespace segloop
