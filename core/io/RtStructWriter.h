#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/image/LabelMap.h"
#include "core/io/DicomSourceSeries.h"

namespace segloop {

/// How writeRtStruct() describes what it writes.
struct RtStructWriteOptions {
    std::string structureSetLabel = "SegLoop";  ///< Structure Set Label (at most 16 characters)
    std::string seriesDescription = "SegLoop RT Structure Set";
    int seriesNumber = 0;  ///< 0: Series Number left empty
    /// RT ROI Interpreted Type of every ROI: "ORGAN", or "" to leave it empty (unknown).
    std::string interpretedType = "ORGAN";
    /// ROI Generation Algorithm (MANUAL, SEMIAUTOMATIC, AUTOMATIC) and, for a model's labels,
    /// its name and version as the ROI Generation Description.
    DicomLabelOrigin origin;
};

/// What writeRtStruct() wrote.
struct RtStructWriteResult {
    std::string sopInstanceUid;
    std::string seriesInstanceUid;
    std::vector<size_t> contoursPerRoi;  ///< in the order of the `classes` given
};

/// Writes the classes of a label map as a DICOM RT Structure Set that references its source
/// series, so that a treatment planning system (or readRtStruct()) finds the contours on the
/// source images.
///
/// One ROI per entry of `classes`, in that order: ROI Number = the class's label, ROI Name and
/// Display Color from the description, RT ROI Interpreted Type from the options. Label values
/// that `classes` does not name are not written. For each class and slice, the contours are
/// the boundaries of the class's voxels traced along the voxel edges (traceRegionBoundaries():
/// vertices at voxel corners, holes as separate contours, diagonal neighbours as separate
/// contours), in patient coordinates (LPS, mm) through the label map's geometry.
///
/// Round trip: rasteriseRtStruct() of the written file onto the same series gives back exactly
/// the class's voxels: every voxel centre lies half a voxel from every contour edge, and the
/// points are written with 6 decimals (rounding of at most 5e-7 mm). Surfaces in a planning
/// system follow the voxel staircase; areas computed from the polygons equal the voxel areas.
///
/// Patient and study are copied from `source`; Referenced Frame of Reference → RT Referenced
/// Study → RT Referenced Series → Contour Image Sequence lists every source slice (SOP class,
/// instance and, for a frame of a multi-frame image, the frame number), and each contour
/// references its slice's image. New study-independent UIDs (series, instance) come from
/// DCMTK's generator. Written as Implicit VR Little Endian (a large contour would overflow
/// the 64 KB value length of Explicit VR's DS), to a temporary name in the same folder that is
/// renamed over `path` once complete and flushed.
///
/// Throws segloop::Error naming `path`: the label map's grid differs from the source's, the
/// source lists another number of slices or lacks UIDs (study, series, frame of reference, a
/// slice's SOP class or instance), no classes, a class label 0 or given twice, or the file
/// cannot be written (nothing is left at `path` then, and an older file there is kept).
RtStructWriteResult writeRtStruct(const LabelMap& labels, const DicomSourceSeries& source,
                                  const std::vector<DicomSegmentDescription>& classes,
                                  const std::string& path,
                                  const RtStructWriteOptions& options = {});

}  // namespace segloop
