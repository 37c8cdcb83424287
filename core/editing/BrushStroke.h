#pragma once

#include <cstdint>

#include "core/editing/EditSettings.h"
#include "core/editing/LabelDiff.h"
#include "core/editing/VoxelBox.h"
#include "core/image/ImageGeometry.h"
#include "core/image/LabelMap.h"

namespace segloop {

/// One brush or eraser stroke on a label map: paints as points arrive and remembers every
/// voxel it changed, so that the whole stroke becomes one undo step.
///
/// Points are continuous voxel indices (voxel centres at whole numbers; use
/// ImageGeometry::worldToIndex for a world position). Between two consecutive points the brush
/// covers the whole swept shape (every voxel centre within radiusMm of the segment, in mm), so a
/// fast drag leaves no gap. A 2D stroke stays in the slice of its first point; the other points'
/// coordinate along that axis is ignored. Parts outside the volume are clipped; points with a
/// non-finite coordinate are ignored. Holds a reference to the label map: the map must outlive
/// the stroke and nothing else may change it meanwhile. Not thread-safe; GUI thread in the app.
class BrushStroke {
  public:
    BrushStroke(LabelMap& labels, const BrushSettings& settings);

    /// Paints from the previous point (if any) to `voxelPoint`; returns the box it changed.
    VoxelBox addPoint(const Vec3& voxelPoint);

    /// True once some voxel has changed.
    bool changedAnything() const { return !builder_.empty(); }
    /// The box of every voxel changed so far.
    const VoxelBox& region() const { return region_; }
    const BrushSettings& settings() const { return settings_; }

    /// Hands over the stroke's changes (the labels keep the painted values).
    LabelDiff finish() { return builder_.finish(); }

  private:
    void paintSweptBrush(const Vec3& from, const Vec3& to, VoxelBox& changed);
    void paintCentreLine(const Vec3& from, const Vec3& to, VoxelBox& changed);
    void paintVoxel(int64_t i, int64_t j, int64_t k, VoxelBox& changed);

    LabelMap& labels_;
    BrushSettings settings_;
    LabelDiffBuilder builder_;
    VoxelBox region_;
    bool hasPoint_ = false;
    Vec3 lastPoint_{0.0, 0.0, 0.0};
    int fixedAxis_ = -1;      ///< The slice plane's fixed axis (2D), or -1 (3D).
    int64_t sliceIndex_ = 0;  ///< The stroke's slice along fixedAxis_ (2D).
};

}  // namespace segloop
