#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/image/LabelMap.h"

namespace segloop {

/// The ways a mask is made worse on purpose (training data of the quality predictor).
enum class CorruptionKind {
    Erosion,        ///< each targeted class shrinks by a ball of radius r (mm)
    Dilation,       ///< each targeted class grows by a ball of radius r (mm) over other classes
    Holes,          ///< spherical holes (set to background) inside the targeted classes
    Islands,        ///< false spherical blobs of a targeted class near the object
    Shift,          ///< the whole map is translated (voxels leaving the grid are lost)
    BoundaryNoise,  ///< voxels near a class boundary take the class of a random nearby voxel
    ClassSwap,      ///< a region of the foreground takes another foreground class
    DroppedSlices,  ///< whole slices across the foreground are set to background
};

/// Every kind, in declaration order.
const std::vector<CorruptionKind>& allCorruptionKinds();
/// "erosion", "dilation", "holes", "islands", "shift", "boundary-noise", "class-swap",
/// "dropped-slices".
std::string corruptionName(CorruptionKind kind);

/// One corruption: severity in [0, 1] (0 leaves the map unchanged, larger is worse; values
/// outside are clamped), a seed for its random choices, and the class it acts on (0 = every
/// foreground class). How a severity becomes sizes is documented in docs/methods.md
/// ("Quality predictor") and at applyCorruption().
struct Corruption {
    CorruptionKind kind = CorruptionKind::Erosion;
    double severity = 0.5;
    uint64_t seed = 1;
    uint16_t label = 0;
};

/// Applies `corruption` to `truth` and returns the corrupted map (same grid). Deterministic for
/// a given seed. With R = equivalent-sphere radius of the targeted foreground in mm
/// ((3V/4π)^(1/3), V in mm³) and s the severity:
/// - Erosion / Dilation: ball radius r = s · R (mm, anisotropic spacing honoured).
/// - Holes: 1 + round(3s) balls of radius 0.6 · s · R centred on random voxels of the class.
/// - Islands: 1 + round(2s) balls of radius 0.6 · s · R of the class centred on random
///   background voxels within 1.5 R of the object's bounding box.
/// - Shift: translation of length 1.5 · s · R (mm) in a random direction, rounded to voxels.
/// - BoundaryNoise: voxels within 1 + 2s voxels of a boundary take, with probability 0.8 s, the
///   class of a random voxel at most that far away.
/// - ClassSwap: the fraction s of foreground voxels closest to a random foreground seed voxel
///   take the next foreground class (cyclically; background when there is one class only).
/// - DroppedSlices: round(s · n) of the n slices holding foreground, along a random axis, are
///   cleared.
/// Pure function; safe on any thread.
LabelMap applyCorruption(const LabelMap& truth, const Corruption& corruption);

/// Applies several corruptions in order.
LabelMap applyCorruptions(const LabelMap& truth, const std::vector<Corruption>& corruptions);

/// Per-class morphology with a ball of radius `radiusMm` (used by Erosion and Dilation):
/// erosion sets voxels of `label` within the radius of any other voxel (or of the grid's
/// border) to background; dilation gives `label` to every voxel within the radius of it.
LabelMap erodeClass(const LabelMap& map, uint16_t label, double radiusMm);
LabelMap dilateClass(const LabelMap& map, uint16_t label, double radiusMm);

}  // namespace segloop
