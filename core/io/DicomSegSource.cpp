#include "core/io/DicomSegSource.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"

namespace segloop {

namespace {

std::string text(DcmItem& item, const DcmTagKey& tag) {
    OFString value;
    return item.findAndGetOFStringArray(tag, value).good() ? value.c_str() : "";
}

/// Reads the identity attributes DicomSeries lacks from one file's header (pixel data skipped).
void readMoreIdentity(const std::string& path, DicomSourceSeries& source) {
    DcmFileFormat file;
    if (file.loadFile(path.c_str()).bad()) {
        return;
    }
    DcmDataset& dataset = *file.getDataset();
    source.patientBirthDate = text(dataset, DCM_PatientBirthDate);
    source.patientSex = text(dataset, DCM_PatientSex);
    source.studyTime = text(dataset, DCM_StudyTime);
    source.studyId = text(dataset, DCM_StudyID);
    source.accessionNumber = text(dataset, DCM_AccessionNumber);
}

}  // namespace

DicomSourceSeries makeDicomSegSource(const LoadedDicomSeries& loaded) {
    const DicomSeries& series = loaded.series;
    DicomSourceSeries source;
    source.patientId = series.patientId;
    source.patientName = series.patientName;
    source.studyInstanceUid = series.studyInstanceUid;
    source.studyDate = series.studyDate;
    source.studyDescription = series.studyDescription;
    source.seriesInstanceUid = series.seriesInstanceUid;
    source.frameOfReferenceUid = series.frameOfReferenceUid;
    source.modality = series.modality;
    source.geometry = loaded.volume.geometry;
    for (const DicomInstance& instance : series.instances) {
        source.slices.push_back({instance.sopInstanceUid, instance.sopClassUid,
                                 instance.frameNumber, instance.positionMm});
    }
    if (!series.instances.empty()) {
        readMoreIdentity(series.instances.front().path, source);
    }
    return source;
}

}  // namespace segloop
