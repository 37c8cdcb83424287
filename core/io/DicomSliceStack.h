#pragma once

#include <vector>

#include "core/image/ImageGeometry.h"
#include "core/io/DicomSeries.h"

namespace segloop {

/// The images of a series in slice order, with the voxel grid they make together.
struct DicomSliceStack {
    std::vector<DicomInstance> instances;  ///< Sorted along the slice normal, ascending.
    ImageGeometry geometry;                ///< size = columns x rows x slices, LPS mm.
};

/// Puts the instances of a series (with the header fields the scanner read) in slice order and
/// computes their grid, without reading pixel data. The slice normal is the cross product of
/// the row and column cosines of ImageOrientationPatient; slices are sorted by the projection
/// of ImagePositionPatient on it. Origin = position of the first sorted slice; direction
/// columns = row cosine (x), column cosine (y), normal (z); spacing = PixelSpacing[1] (x),
/// PixelSpacing[0] (y) and the mean distance between consecutive slices (z).
///
/// Throws segloop::Error, naming the series (describeDicomSeries()) and the files concerned,
/// when the series cannot make one regular volume: no slices, multi-frame, colour or
/// unsupported pixel formats, no pixel data, mixed image sizes, orientations or pixel
/// spacings, missing position or orientation, slices off the normal (tilted gantry), duplicate
/// positions, a missing slice (a step over 1.5x the median) or uneven spacing.
DicomSliceStack arrangeDicomSlices(const DicomSeries& series);

}  // namespace segloop
