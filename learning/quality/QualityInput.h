#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/image/LabelMap.h"
#include "learning/quality/QualitySettings.h"

namespace segloop {

/// The quality predictor's input for one (image, mask) pair, torch-free: a [C, Z, Y, X] float
/// block (x fastest) of settings.cropSize, C = settings.inputChannels(): channel 0 the normalised
/// image, channel c (1..classes-1) 1 where the mask holds class c, else 0.
///
/// The crop is centred on the middle of the mask's foreground bounding box (of the volume when
/// the mask is empty); along an axis where the volume is at least as long as the crop, the crop
/// is moved inside the volume; where it is shorter, the volume is centred and padded (image with
/// `padValue`, mask with 0). `flip[a]` mirrors axis a after cropping (augmentation).
/// `image` holds the volume's voxels on mask.geometry. Pure function.
std::vector<float> buildQualityInput(const std::vector<float>& image, float padValue,
                                     const LabelMap& mask, const QualitySettings& settings,
                                     const std::array<bool, 3>& flip = {false, false, false});

/// Regression targets of a mask: the Dice of each foreground class, then the overall Dice.
std::vector<float> qualityTargets(const std::vector<double>& classDice, double overall);

}  // namespace segloop
