#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace segloop {

/// How the PatchSampler draws and augments patches. A plain value.
struct PatchSamplerSettings {
    std::array<int64_t, 3> patchSize{32, 48, 32};  ///< x, y, z, in voxels.
    /// Chance that a labelled patch is centred on a random foreground voxel (class > 0).
    double foregroundProbability = 0.33;
    /// Flip along each axis, p 0.5 each. Off by default: a flipped patch hides the side and
    /// the position that tell classes apart (hippocampus head and tail, left and right organs,
    /// the two ventricles). On hippocampus, supervised at 800 steps: 0.837 -> 0.878 mean test
    /// Dice with all 208 cases labelled, 0.707 -> 0.790 with 4 (docs/benchmarks.md).
    bool flips = false;
    /// p 0.5: 90/180/270 degrees in x-y when square, else 180 (itself a flip of x and y); off
    /// by default for the same reason.
    bool rotations = false;
    double intensityScale = 0.1;  ///< image * (1 + U(-scale, scale)).
    double intensityShift = 0.1;  ///< + U(-shift, shift), in normalised units.
    double noiseStd = 0.0;        ///< Gaussian noise, in normalised units; 0 = none.
    /// Bound of the sampler's VolumeCache. 1 GiB holds two prepared 512x512x300 CT cases (393 MB
    /// each); under 393 MB such a case was never kept and every draw read and normalised it
    /// again (0.05 steps/s beside the desktop window). The hippocampus set needs about 90 MB.
    size_t cacheBytes = size_t{1} << 30;
    uint64_t seed = 1;
};

/// One training patch: normalised, augmented image and its labels, x fastest, then y, then z.
/// A plain value that owns its buffers; safe to move to another thread.
struct Patch {
    std::array<int64_t, 3> size{0, 0, 0};  ///< x, y, z, in voxels.
    std::vector<float> image;
    std::vector<uint8_t> labels;  ///< Empty for a patch of an unlabelled case.
    std::string caseId;
    /// Source voxel of the patch's voxel (0,0,0) before augmentation; negative, or running past
    /// the volume's end, where the volume is smaller than the patch (padding).
    std::array<int64_t, 3> originVoxel{0, 0, 0};

    size_t voxelCount() const {
        return static_cast<size_t>(size[0]) * static_cast<size_t>(size[1]) *
               static_cast<size_t>(size[2]);
    }
};

}  // namespace segloop
