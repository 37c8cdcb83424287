#pragma once

#include <string>

namespace segloop {

/// How image intensities are normalised before the network sees them; saved with the model so
/// that inference does exactly what training did.
struct NormalisationSettings {
    /// "zscore": per case, clip to [lowerPercentile, upperPercentile] of the non-zero voxels, then
    /// subtract their mean and divide by their standard deviation (MR). "window": clip to
    /// [windowLow, windowHigh] and scale to [0, 1] (CT).
    std::string mode = "zscore";
    double lowerPercentile = 0.5;
    double upperPercentile = 99.5;
    double windowLow = -1000.0;
    double windowHigh = 1000.0;
};

}  // namespace segloop
