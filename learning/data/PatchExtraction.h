#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "learning/data/Patch.h"
#include "learning/data/PreparedCase.h"

namespace segloop {

/// The augmentation of one patch, drawn by the sampler: flips and quarter turns in the x-y
/// plane (applied to image and labels alike), then image * intensityScale + intensityShift.
/// Output voxel (x, y, z) takes the cropped voxel (u, v, w) with (u0, v0) = (x, y) turned by
/// quarterTurns x 90 degrees, then u, v, w flipped where asked. A plain value.
struct PatchAugmentation {
    std::array<bool, 3> flip{false, false, false};
    int quarterTurns = 0;  ///< 0..3; 1 and 3 need a patch with size x == size y.
    float intensityScale = 1.0f;
    float intensityShift = 0.0f;

    bool movesVoxels() const { return flip[0] || flip[1] || flip[2] || quarterTurns != 0; }
};

/// Cuts patches out of prepared cases. Keeps its crop buffers between calls so that a patch costs
/// no allocation beyond its own vectors, and no per-voxel branch or call (rows are copied, and
/// turned or flipped voxels follow a constant stride). Not thread-safe: one owner.
class PatchExtractor {
  public:
    /// Fills `patch` (size, image, labels; labels only when the case is labelled) with the voxels
    /// of `source` from `originVoxel` on, padded with the case's background value (label 0)
    /// outside the volume, then augmented. Throws Error when quarterTurns is odd and the patch is
    /// not square in x-y.
    void extract(const PreparedCase& source, const std::array<int64_t, 3>& originVoxel,
                 const std::array<int64_t, 3>& patchSize, const PatchAugmentation& augmentation,
                 Patch& patch);

  private:
    void crop(const PreparedCase& source, const std::array<int64_t, 3>& originVoxel,
              const std::array<int64_t, 3>& patchSize);

    std::vector<float> croppedImage_;
    std::vector<uint8_t> croppedLabels_;
};

}  // namespace segloop
