#pragma once

#include <vector>

#include "core/image/Volume.h"
#include "learning/data/NormalisationSettings.h"

namespace segloop {

/// What a normalisation did to one case, for logs and tests: the clipping range and the
/// shift/scale applied (normalised = (clip(v, clipLow, clipHigh) - offset) / scale).
struct NormalisationResult {
    double clipLow = 0.0;
    double clipHigh = 0.0;
    double offset = 0.0;
    double scale = 1.0;
};

/// Applies NormalisationSettings to a case's intensities, in place.
///
/// "zscore": the percentiles (linear interpolation between order statistics) are taken over the
/// non-zero voxels (over all voxels when every voxel is zero); every voxel is clipped to them, then
/// shifted by the mean and divided by the standard deviation (floored at 1e-6) of the clipped
/// non-zero voxels. "window": clip to [windowLow, windowHigh] and scale to [0, 1].
/// Deterministic (no randomness, double accumulation in a fixed order). Holds only the settings:
/// a const object may be used from any number of threads at once.
class IntensityNormaliser {
  public:
    static constexpr double kMinimumStd = 1e-6;

    /// Throws Error when the mode is unknown, the percentiles are not 0 <= lower <= upper <= 100,
    /// or the window is empty (windowHigh <= windowLow).
    explicit IntensityNormaliser(const NormalisationSettings& settings);

    NormalisationResult apply(std::vector<float>& voxels) const;
    NormalisationResult apply(Volume& volume) const { return apply(volume.voxels); }

    const NormalisationSettings& settings() const { return settings_; }

  private:
    NormalisationResult applyZScore(std::vector<float>& voxels) const;
    NormalisationResult applyWindow(std::vector<float>& voxels) const;

    NormalisationSettings settings_;
};

/// The p-th percentile (0..100) of `values`, linear interpolation between the closest ranks (as
/// numpy's default). Reorders `values`. Returns 0 for an empty vector.
double percentileOf(std::vector<float>& values, double percent);

}  // namespace segloop
