#pragma once

#include <cstdint>
#include <vector>

namespace segloop {
struct LabelMap;
}

namespace segloop::render {

/// Per voxel, how the corrected label map differs from the pseudo-label it was made from, as
/// LabelChange codes (same, removed, added, relabelled). Throws segloop::Error when the grids
/// differ in size.
std::vector<uint8_t> compareLabelMaps(const LabelMap& pseudoLabel, const LabelMap& corrected);

}  // namespace segloop::render
