#pragma once

#include "core/editing/VoxelBox.h"
#include "core/image/LabelMap.h"

namespace segloop::ui {

/// Box of the non-zero voxels of `labels` (empty when every voxel is 0). Scans the whole map.
VoxelBox labelledBoxOf(const LabelMap& labels);

/// A copy of the voxels of `labels` inside `box` grown by one voxel (so that surfaces close),
/// clipped to the grid, as a label map of its own whose geometry puts it where it was (same
/// spacing and direction, origin at the box's first voxel). `box` must not be empty. Lets the
/// 3D surface be built off the GUI thread from a small copy rather than the whole map.
LabelMap copyLabelsInBox(const LabelMap& labels, const VoxelBox& box);

}  // namespace segloop::ui
