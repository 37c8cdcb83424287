#pragma once

#include "core/image/Volume.h"
#include "core/io/DicomSeries.h"
#include "core/jobs/Progress.h"

namespace segloop {

/// A series read into memory: its description with the instances sorted along the slice normal
/// (instance k is slice z = k of the volume), and the volume (float voxels after rescale).
struct LoadedDicomSeries {
    DicomSeries series;
    Volume volume;
};

/// Reads a series that scanDicomFolder() found into one volume.
///
/// Slices are sorted along the slice normal (row cosine x column cosine) by the projection of
/// ImagePositionPatient; see arrangeDicomSlices() in DicomSliceStack.h for the grid. Pixels are
/// masked to BitsStored, sign-extended when PixelRepresentation is 1 and rescaled by each
/// file's RescaleSlope/RescaleIntercept; MONOCHROME1 values are kept as stored, not inverted.
/// Volume::sourceDataType is the stored type ("int16", "uint16", "uint8", "int8"). Compressed
/// files (JPEG, JPEG-LS, RLE) are decoded: this calls registerDicomCodecs().
///
/// The series is checked before any pixel is read; every refusal throws segloop::Error naming
/// the series (folder, number, description) and the file and problem, and no partial volume is
/// ever returned. Files are read on hardware_concurrency() threads; "Reading DICOM" progress is
/// reported per file on the calling thread, and Cancelled is thrown when it asks to stop.
LoadedDicomSeries loadDicomSeries(const DicomSeries& series, Progress* progress = nullptr);

}  // namespace segloop
