#pragma once

#include <array>
#include <cstdint>

#include "core/editing/EditSettings.h"
#include "core/editing/LabelDiff.h"
#include "core/image/LabelMap.h"
#include "core/image/Volume.h"

namespace segloop {

/// Flood fill (see FloodFillSettings for what is filled): writes the fill class into `labels`
/// and returns what changed, for undo. A 2D fill stays in the seed's slice of `settings.plane`.
///
/// Iterative scan-line fill (no recursion): memory is one bit per voxel of the grid plus a
/// stack of row seeds and the returned diff, whatever the region's size or shape. A seed
/// outside the grid, or one that does not qualify, fills nothing (empty diff). `image` and
/// `labels` must have the same grid size (EditSession checks). Runs on the caller's thread.
LabelDiff floodFill(LabelMap& labels, const Volume& image, const FloodFillSettings& settings,
                    const std::array<int64_t, 3>& seed);

}  // namespace segloop
