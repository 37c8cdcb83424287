#pragma once

// Plain values only (no LibTorch): what to lower after an out-of-memory error.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "learning/settings/TrainingSettings.h"

namespace segloop {

/// One lowering of a run's load after an out-of-memory error, e.g. {"labelled batch", "4", "2"}.
struct LoadLowering {
    std::string what;  ///< "unlabelled batch", "labelled batch" or "patch"
    std::string from;  ///< "4", "32x48x32"
    std::string to;    ///< "2", "24x36x24"
    std::string text() const { return what + " " + from + " -> " + to; }
};

/// The order in which a training step's memory is lowered, one change per out-of-memory error:
/// 1. the unlabelled batch, halved down to 2 (only when the step uses unlabelled patches);
/// 2. the labelled batch, halved down to 2;
/// 3. the patch, each axis times 3/4 rounded down to a multiple of the network's divisor
///    (2^(levels-1); unet2d does not pool along z, so z only needs to stay >= 1), never under
///    twice the divisor (z of unet2d: 1), until no axis can shrink;
/// 4. the unlabelled, then the labelled batch, down to 1.
/// The patch goes before batch 1 because LibTorch 1.13's Conv3d at batch 1 runs 7x slower than
/// at batch 2 (DESIGN.md), while a patch 3/4 as wide needs ~0.42x the activations at the same
/// speed per voxel. A plain, stateless policy: the next call lowers from the new settings.
class TrainingLoadReduction {
  public:
    /// `unlabelledUsed`: the step draws unlabelled patches (method and dataset).
    TrainingLoadReduction(bool unlabelledUsed, int64_t sizeDivisor, bool poolsAlongZ);

    /// Lowers `settings` by one change and describes it; nullopt (settings unchanged) when
    /// nothing can be lowered any more.
    std::optional<LoadLowering> lower(TrainingSettings& settings) const;

    /// The patch after one shrink (see the class comment); equal to `patch` when it cannot.
    std::array<int64_t, 3> smallerPatch(const std::array<int64_t, 3>& patch) const;

    /// "labelled batch 1, unlabelled batch 1, patch 8x8x8": the load that still did not fit.
    static std::string describe(const TrainingSettings& settings, bool unlabelledUsed);

  private:
    bool unlabelledUsed_;
    int64_t sizeDivisor_;
    bool poolsAlongZ_;
};

/// "32x48x32" (x, y, z).
std::string patchText(const std::array<int64_t, 3>& patch);

}  // namespace segloop
