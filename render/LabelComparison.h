#pragma once

#include <cstdint>
#include <vector>

#include "core/editing/VoxelBox.h"

namespace segloop {
struct LabelMap;
}

namespace segloop::render {

/// Per voxel, how the corrected label map differs from the pseudo-label it was made from, as
/// LabelChange codes (same, removed, added, relabelled). Throws segloop::Error when the grids
/// differ in size.
std::vector<uint8_t> compareLabelMaps(const LabelMap& pseudoLabel, const LabelMap& corrected);

/// Recomputes `codes` (from compareLabelMaps on the same grids) inside `box` only, after an
/// edit of `corrected` there: an edit costs its box, not the whole volume. Throws
/// segloop::Error when the sizes differ.
void updateLabelComparison(std::vector<uint8_t>& codes, const LabelMap& pseudoLabel,
                           const LabelMap& corrected, const VoxelBox& box);

}  // namespace segloop::render
