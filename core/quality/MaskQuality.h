#pragma once

#include <cstdint>
#include <vector>

#include "core/image/LabelMap.h"

namespace segloop {

/// How good a mask is against the truth: the Dice of each foreground class and overall.
///
/// classDice[c - 1] is the Dice of class c (c = 1..classes-1), as computeSegmentationMetrics
/// defines it (both empty: 1). overall = the mean of classDice (macro average over the
/// foreground classes; ours). A plain value.
struct MaskQuality {
    std::vector<double> classDice;
    double overall = 1.0;
};

/// The true quality of `mask` against `truth` for classes 1..classes-1 (classes counts the
/// background). One pass over both maps; throws segloop::Error when the sizes differ.
MaskQuality computeMaskQuality(const LabelMap& mask, const LabelMap& truth, int classes);

}  // namespace segloop
