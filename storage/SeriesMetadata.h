#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image/ImageGeometry.h"
#include "storage/RecordKinds.h"

namespace segloop {

/// The patient of a study, as DICOM names it. An empty patientId means "unknown" (NIfTI).
struct PatientInfo {
    std::string patientId;
    std::string name;
    std::string birthDate;  ///< DICOM DA (YYYYMMDD), or empty.
    std::string sex;
};

/// A study. An empty studyInstanceUid is derived from the series UID on import (NIfTI).
struct StudyInfo {
    std::string studyInstanceUid;
    std::string date;  ///< DICOM DA (YYYYMMDD), or empty.
    std::string description;
    std::string accessionNumber;
    PatientInfo patient;
};

/// A series. For NIfTI sources an empty seriesInstanceUid is derived from the file's content
/// (seriesUidFromFileContent), so the same file cannot be imported twice.
struct SeriesInfo {
    std::string seriesInstanceUid;
    std::optional<int64_t> seriesNumber;
    std::string modality;
    std::string description;
    std::string frameOfReferenceUid;
    SourceKind sourceKind = SourceKind::Nifti;
    std::string sourcePath;  ///< The file or folder imported, as the user gave it.
};

/// One source image (or frame of a multi-frame image) that became slice `sliceIndex` of the
/// volume, kept so that a DICOM SEG can reference its source.
struct InstanceInfo {
    std::string sopInstanceUid;
    std::string sopClassUid;
    int64_t frameNumber = 0;  ///< 0 for a single-frame instance, else 1-based.
    std::optional<int64_t> instanceNumber;
    int64_t sliceIndex = 0;
    std::optional<Vec3> positionMm;  ///< ImagePositionPatient (LPS, mm).
    std::string filePath;
};

/// Everything known about a series besides its voxels: what importVolume() records.
/// A plain value, safe to pass between threads.
struct SeriesMetadata {
    StudyInfo study;
    SeriesInfo series;
    std::vector<InstanceInfo> instances;  ///< Empty for NIfTI sources.
};

}  // namespace segloop
