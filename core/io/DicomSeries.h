#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/image/ImageGeometry.h"

namespace segloop {

/// How one DICOM image stores its pixels, as its header says (group 0028 and the transfer syntax).
struct DicomPixelFormat {
    int rows = 0;           ///< Rows: pixels along the column direction (y).
    int columns = 0;        ///< Columns: pixels along the row direction (x).
    int bitsAllocated = 0;  ///< 8 and 16 are read.
    int bitsStored = 0;
    int highBit = 0;
    int pixelRepresentation = 0;  ///< 0 unsigned, 1 two's complement.
    int samplesPerPixel = 1;      ///< 1 for greyscale; colour is refused by the loader.
    int numberOfFrames = 1;       ///< More than 1: a multi-frame object (refused by the loader).
    std::string photometricInterpretation;  ///< "MONOCHROME2", "RGB", ...
    std::string transferSyntaxUid;  ///< Of the file; compressed ones need registerDicomCodecs().
    bool hasPixelData = false;

    /// "int16", "uint16", "uint8", ... : the type that holds one stored sample.
    std::string storedDataType() const;
};

/// One image of a series (a single-frame file, or one frame of an enhanced multi-frame file),
/// with what the loader needs to place it without opening it again: identity, position and
/// orientation in patient space (LPS, mm), pixel format and rescale. A plain value; safe to
/// copy between threads.
struct DicomInstance {
    std::string path;
    std::string sopInstanceUid;
    std::string sopClassUid;
    Vec3 positionMm{0.0, 0.0, 0.0};  ///< ImagePositionPatient: centre of the first pixel sent.
    int instanceNumber = 0;
    /// 1..NumberOfFrames for a frame of a multi-frame file (what a SEG's ReferencedFrameNumber
    /// names), 0 for a single-frame file.
    int frameNumber = 0;

    /// ImageOrientationPatient: the row cosine (the direction in which the column index grows,
    /// i.e. image x) then the column cosine (the direction in which the row index grows, y).
    std::array<double, 6> orientation{1, 0, 0, 0, 1, 0};
    bool hasPosition = false;
    bool hasOrientation = false;

    /// PixelSpacing as stored: [0] between rows (y spacing), [1] between columns (x spacing).
    std::array<double, 2> pixelSpacingMm{1.0, 1.0};
    double sliceThicknessMm = 0.0;        ///< SliceThickness, 0 when absent.
    double spacingBetweenSlicesMm = 0.0;  ///< SpacingBetweenSlices, 0 when absent.
    double rescaleSlope = 1.0;
    double rescaleIntercept = 0.0;
    DicomPixelFormat pixelFormat;
};

/// The images of one SeriesInstanceUID found by scanDicomFolder(), with the study and patient
/// they belong to. Instances are in the order the scanner found them (instance number, then
/// path); loadDicomSeries() sorts them along the slice normal. A plain value.
struct DicomSeries {
    std::string patientId;
    std::string patientName;
    std::string studyInstanceUid;
    std::string studyDate;
    std::string studyDescription;
    std::string seriesInstanceUid;
    std::string seriesDescription;
    std::string modality;
    std::string frameOfReferenceUid;
    int seriesNumber = 0;
    std::vector<DicomInstance> instances;
};

/// Names a series in messages: the folder of its files (or its first file when they lie in
/// several folders), then its number and description, e.g. `/data/mr (series 11 "T1post")`.
std::string describeDicomSeries(const DicomSeries& series);

/// How a message names one image of a series: its file name when all the series' files share a
/// folder (describeDicomSeries() names that folder), else its full path; then " frame N" for a
/// frame of a multi-frame file.
std::string describeDicomInstance(const DicomSeries& series, const DicomInstance& instance);

}  // namespace segloop
