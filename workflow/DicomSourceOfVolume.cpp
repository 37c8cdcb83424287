#include "workflow/DicomSourceOfVolume.h"

#include "core/Error.h"
#include "storage/Project.h"
#include "workflow/ProjectLabelSet.h"

namespace segloop {

DicomSourceSeries dicomSourceOfVolume(Project& project, int64_t volumeId) {
    const VolumeRecord volume = project.volumes().get(volumeId);
    const SeriesMetadata metadata = project.volumes().seriesMetadata(volumeId);
    const std::string subject = "volume " + std::to_string(volumeId);
    if (metadata.series.sourceKind != SourceKind::Dicom) {
        throw Error(subject, "was imported from NIfTI (" + metadata.series.sourcePath +
                                 "): a DICOM object needs a DICOM source series to reference");
    }
    DicomSourceSeries source;
    source.patientId = metadata.study.patient.patientId;
    source.patientName = metadata.study.patient.name;
    source.patientBirthDate = metadata.study.patient.birthDate;
    source.patientSex = metadata.study.patient.sex;
    source.studyInstanceUid = metadata.study.studyInstanceUid;
    source.studyDate = metadata.study.date;
    source.studyDescription = metadata.study.description;
    source.accessionNumber = metadata.study.accessionNumber;
    source.seriesInstanceUid = metadata.series.seriesInstanceUid;
    source.frameOfReferenceUid = metadata.series.frameOfReferenceUid;
    source.modality = metadata.series.modality;
    source.geometry = volume.geometry;
    const int64_t slices = volume.geometry.size[2];
    source.slices.resize(size_t(slices));
    std::vector<bool> seen(size_t(slices), false);
    for (const InstanceInfo& instance : metadata.instances) {
        if (instance.sliceIndex < 0 || instance.sliceIndex >= slices)
            continue;
        DicomSourceSlice& slice = source.slices[size_t(instance.sliceIndex)];
        slice.sopInstanceUid = instance.sopInstanceUid;
        slice.sopClassUid = instance.sopClassUid;
        slice.frameNumber = instance.frameNumber;
        slice.positionMm =
            instance.positionMm
                ? *instance.positionMm
                : volume.geometry.indexToWorld({0.0, 0.0, double(instance.sliceIndex)});
        seen[size_t(instance.sliceIndex)] = true;
    }
    for (int64_t k = 0; k < slices; ++k) {
        if (!seen[size_t(k)]) {
            throw Error(subject, "has no source instance recorded for slice " + std::to_string(k) +
                                     " (re-import the series)");
        }
    }
    return source;
}

std::vector<DicomSegmentDescription> projectSegments(Project& project) {
    std::vector<DicomSegmentDescription> segments;
    for (const LabelClass& c : projectLabelSet(project).classes)
        segments.push_back({c.index, c.name, c.colourRgb});
    return segments;
}

}  // namespace segloop
