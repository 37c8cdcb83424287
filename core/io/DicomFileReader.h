#pragma once

#include <string>
#include <vector>

#include "core/io/DicomSeries.h"

namespace segloop {

/// One slice to fill from a file: the image (a single-frame file or one frame) as the scanner
/// described it, and where its rows x columns floats go (x fastest).
struct DicomSliceTarget {
    const DicomInstance* instance = nullptr;
    float* voxels = nullptr;
};

/// Internal to core/io: reads one greyscale DICOM file once (any transfer syntax DCMTK decodes
/// after registerDicomCodecs()) and fills every target, which must all name that file. Stored
/// samples are masked to BitsStored, sign-extended when PixelRepresentation is 1, then rescaled
/// by the target's slope and intercept. A file whose size, frame count or position no longer
/// match the scan is refused. Throws segloop::Error with the series as subject. Returns the
/// stored data type ("int16", "uint8", ...). Thread-safe.
std::string readDicomFile(const DicomSeries& series, const std::vector<DicomSliceTarget>& targets);

}  // namespace segloop
