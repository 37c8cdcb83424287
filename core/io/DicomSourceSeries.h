#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/image/ImageGeometry.h"

namespace segloop {

/// One slice of the image series a derived object (DICOM SEG, RTSTRUCT) labels: the instance
/// it came from and where it lies.
struct DicomSourceSlice {
    std::string sopInstanceUid;
    std::string sopClassUid;
    int64_t frameNumber = 0;  ///< 0 for a single-frame instance, else 1-based
    Vec3 positionMm{};        ///< ImagePositionPatient (LPS, mm)
};

/// What a derived object needs to know of its source series, filled by the project (storage's
/// series, study, patient and instances rows): identity to copy (patient, study), what to
/// reference (series, frame of reference, one instance per slice) and the grid (slice k of the
/// label map is `slices[k]`). A plain value.
struct DicomSourceSeries {
    std::string patientId;
    std::string patientName;
    std::string patientBirthDate;  ///< DA, may be empty
    std::string patientSex;
    std::string studyInstanceUid;
    std::string studyDate;
    std::string studyTime;
    std::string studyId;
    std::string accessionNumber;
    std::string studyDescription;
    std::string seriesInstanceUid;
    std::string frameOfReferenceUid;
    std::string modality;
    ImageGeometry geometry;
    std::vector<DicomSourceSlice> slices;  ///< by slice index k, geometry.size[2] of them
};

/// One class of a label map as a derived object names it.
struct DicomSegmentDescription {
    uint16_t label = 1;
    std::string name;
    std::array<uint8_t, 3> rgb{255, 0, 0};
};

/// Who made the labels, for a SEG's Segment Algorithm Type (AUTOMATIC for a model's
/// pseudo-label, SEMIAUTOMATIC for a correction, MANUAL for a person's own label) and its
/// algorithm identification (a model's name and version).
struct DicomLabelOrigin {
    enum class Kind { Manual, Semiautomatic, Automatic };
    Kind kind = Kind::Manual;
    std::string algorithmName;     ///< the model, for automatic labels
    std::string algorithmVersion;  ///< e.g. "3"
};

}  // namespace segloop
