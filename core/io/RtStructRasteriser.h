#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/image/LabelMap.h"
#include "core/io/DicomSourceSeries.h"
#include "core/io/RtStructReader.h"

namespace segloop {

/// What the rasteriser does with a CLOSED_PLANAR contour that lies on no slice of the target.
enum class RtStructOffSliceContours {
    Fail,    ///< throw segloop::Error naming the file, the ROI, the contour and where it lies
    Report,  ///< leave it out and list it in the result's `skipped`
};

/// How to rasterise a structure set.
struct RtStructRasterOptions {
    RtStructOffSliceContours offSlice = RtStructOffSliceContours::Fail;
    /// How far (mm, along the slice normal) a contour point may lie from its slice's plane;
    /// 0 means half the slice spacing (the target's spacingMm[2]).
    double maxPlaneDistanceMm = 0.0;
};

/// A contour the rasteriser left out: off every slice (with RtStructOffSliceContours::Report)
/// or not CLOSED_PLANAR (POINT, OPEN_PLANAR, ...: always left out, always listed).
struct RtStructSkippedContour {
    size_t roiIndex = 0;      ///< into RtStructSet::rois
    size_t contourIndex = 0;  ///< into that ROI's contours (0-based; messages count from 1)
    std::string reason;       ///< e.g. "lies 3 mm from the nearest slice (...)"
};

/// A structure set as one label map: class c (1-based) is ROI c - 1, in the order of the
/// Structure Set ROI Sequence, including ROIs without contours (they stay empty). Where ROIs
/// overlap, the later ROI wins: a voxel in ROIs 2 and 5 gets class 5 (rasteriseRtStructRoi()
/// keeps every ROI whole).
struct RtStructRaster {
    LabelMap labels;
    /// Class c at [c - 1]: label c, the ROI's name and display colour (red when it has none).
    std::vector<DicomSegmentDescription> classes;
    std::vector<int> roiNumbers;  ///< ROI Number of class c at [c - 1]
    std::vector<RtStructSkippedContour> skipped;
};

/// One ROI as a binary mask (1 inside, 0 outside) on the target grid.
struct RtStructRoiMask {
    LabelMap mask;
    std::vector<RtStructSkippedContour> skipped;
};

/// Rasterises every ROI of `set` onto the grid of `target` (its geometry; slice k of the grid
/// is target.slices[k], whose position places the slice's plane; with no slices listed the
/// geometry alone does).
///
/// Each CLOSED_PLANAR contour goes to the slice whose plane is nearest to its points, provided
/// every point lies within maxPlaneDistanceMm of that plane (half the slice spacing by
/// default); its points are taken to continuous voxel indices with
/// ImageGeometry::worldToIndex() (an orthogonal projection onto the slice). The contours of an
/// ROI on one slice are filled together with the even-odd rule, so a contour inside another is
/// a hole (and where two contours of one ROI overlap, the overlap is a hole too: DICOM asks
/// for nested, not overlapping, contours); a voxel is inside when its centre is (see
/// fillEvenOdd() in RtStructContours.h for a centre exactly on a contour).
///
/// Throws segloop::Error naming the structure set's file: the set has no contours at all, an
/// ROI's frame of reference (its own, else the set's) differs from target.frameOfReferenceUid
/// (checked when both are known), the target lists a number of slices other than its grid's,
/// or (with RtStructOffSliceContours::Fail) a contour lies on no slice.
RtStructRaster rasteriseRtStruct(const RtStructSet& set, const DicomSourceSeries& target,
                                 const RtStructRasterOptions& options = {});

/// Rasterises one ROI (rois[roiIndex]) as a 0/1 mask, by the same rules and with the same
/// errors as rasteriseRtStruct(); an ROI without contours gives an empty mask.
RtStructRoiMask rasteriseRtStructRoi(const RtStructSet& set, size_t roiIndex,
                                     const DicomSourceSeries& target,
                                     const RtStructRasterOptions& options = {});

}  // namespace segloop
