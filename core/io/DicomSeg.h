#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/image/ImageGeometry.h"

namespace segloop {

/// A coded concept as DICOM writes it (Code Sequence Macro): e.g. {"10200004", "SCT", "Liver"}.
struct DicomCode {
    std::string value;
    std::string scheme;  ///< CodingSchemeDesignator: "SCT", "DCM", "SRT" (old files) ...
    std::string meaning;
};

/// One frame of a DICOM SEG: where it lies and its pixels for one segment.
struct DicomSegFrame {
    int frameNumber = 0;  ///< 1-based, in the file's order
    Vec3 positionMm{};    ///< ImagePositionPatient of the frame (LPS, mm)
    /// rows x columns stored values, x fastest: 0/1 for BINARY, 0..maxValue for FRACTIONAL.
    std::vector<uint8_t> pixels;
};

/// One segment of a DICOM SEG with its description and its frames (in file order).
struct DicomSegSegment {
    uint16_t number = 0;  ///< SegmentNumber, 1-based
    std::string label;    ///< SegmentLabel
    std::string description;
    /// RecommendedDisplayCIELabValue converted to sRGB; hasColour is false when absent.
    std::array<uint8_t, 3> rgb{0, 0, 0};
    bool hasColour = false;
    DicomCode category;                 ///< SegmentedPropertyCategoryCodeSequence
    DicomCode type;                     ///< SegmentedPropertyTypeCodeSequence
    std::string algorithmType;          ///< "MANUAL", "SEMIAUTOMATIC" or "AUTOMATIC"
    std::string algorithmName;          ///< SegmentAlgorithmName, may be empty
    std::vector<DicomSegFrame> frames;  ///< Only the frames the file holds (a SEG may be sparse)
};

/// A DICOM Segmentation object read into memory (readDicomSeg()): identity, what it references,
/// its frame grid, and its segments with their frames. BINARY pixels are 0/1; FRACTIONAL ones
/// are 0..maxValue and count as inside a segment from half of maxValue up
/// (isDicomSegPixelSet()). A plain value, movable between threads.
struct DicomSeg {
    std::string path;
    std::string sopInstanceUid;
    std::string seriesInstanceUid;
    std::string studyInstanceUid;
    std::string patientId;
    std::string frameOfReferenceUid;
    /// SeriesInstanceUID of the first ReferencedSeriesSequence item ("" when absent).
    std::string referencedSeriesUid;
    std::vector<std::string> referencedInstanceUids;  ///< All ReferencedSOPInstanceUIDs listed
    std::string segmentationType;                     ///< "BINARY" or "FRACTIONAL"
    std::string fractionalType;  ///< "PROBABILITY"/"OCCUPANCY", FRACTIONAL only
    int maxValue = 1;            ///< 1, or MaximumFractionalValue
    int rows = 0;
    int columns = 0;
    /// ImageOrientationPatient: row cosine (x grows), then column cosine (y grows).
    std::array<double, 6> orientation{1, 0, 0, 0, 1, 0};
    std::array<double, 2> pixelSpacingMm{1.0, 1.0};  ///< Between rows (y), between columns (x)
    std::string contentLabel;
    std::string contentDescription;
    std::string contentCreatorName;
    std::vector<DicomSegSegment> segments;  ///< In SegmentSequence order (numbers 1..N)
};

/// Whether a stored pixel value of `seg` puts the pixel inside its segment: 1 for BINARY; at
/// least half of MaximumFractionalValue for FRACTIONAL (a probability of 0.5 or more).
inline bool isDicomSegPixelSet(const DicomSeg& seg, uint8_t value) {
    return value != 0 && 2 * static_cast<int>(value) >= seg.maxValue;
}

}  // namespace segloop
