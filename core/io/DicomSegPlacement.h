#pragma once

#include <vector>

#include "core/image/LabelMap.h"
#include "core/io/DicomSeg.h"
#include "core/io/DicomSourceSeries.h"

namespace segloop {

/// Puts the segments of a SEG on the grid of `target` (its geometry and, when it lists one per
/// slice, its slice positions) as one label map whose classes are the segment numbers.
/// A voxel that several segments cover takes the highest segment number ("the later segment
/// wins"); placeDicomSegSegments() keeps every segment whole. FRACTIONAL frames are thresholded
/// at half of MaximumFractionalValue (isDicomSegPixelSet()).
///
/// Each frame goes to the target slice nearest to it along the slice normal. Throws
/// segloop::Error naming the SEG file when its frames do not lie on the target grid: another
/// frame size, orientation (> 1e-3 per cosine) or pixel spacing (> 0.1 %), a frame more than
/// half a slice spacing from every slice or more than half a pixel off it in-plane, or another
/// Frame of Reference UID (when both have one).
LabelMap placeDicomSeg(const DicomSeg& seg, const DicomSourceSeries& target);

/// One binary label map (0/1) per segment, in `seg.segments` order, on the grid of `target`:
/// the faithful form when segments overlap. Same checks and errors as placeDicomSeg().
std::vector<LabelMap> placeDicomSegSegments(const DicomSeg& seg, const DicomSourceSeries& target);

}  // namespace segloop
