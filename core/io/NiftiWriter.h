#pragma once

#include <string>

#include "core/image/LabelMap.h"
#include "core/image/Volume.h"

namespace segloop {

/// Writes a volume as NIfTI-1 (`.nii` or, by the path's extension, `.nii.gz`) with both qform and
/// sform set to its geometry (converted to RAS). Integer-valued data that fits int16 (or uint8)
/// is stored as that type, anything else as float32, so no value changes on a round trip.
///
/// The file is written under a temporary name in the same folder and renamed over `path` only
/// when complete: a crash or a full disk never leaves a half-written file at `path`. Throws
/// segloop::Error naming the path and the system's reason on failure.
void writeNiftiVolume(const Volume& volume, const std::string& path);

/// Writes a label map as uint8 NIfTI (uint16 when a class exceeds 255), same guarantees.
void writeNiftiLabelMap(const LabelMap& labels, const std::string& path);

}  // namespace segloop
