#pragma once

#include <vector>

#include "core/io/DicomSeries.h"

class DcmDataset;

namespace segloop {

/// Internal to core/io: the frames of an enhanced (or legacy-converted enhanced) multi-frame
/// image, one DicomInstance each (frameNumber 1..N), with the position, orientation, pixel
/// spacing and rescale of its functional groups (per-frame groups over shared ones) on top of
/// `file`, the instance read from the top level. Empty when the dataset has no per-frame
/// functional groups for every frame: such a multi-frame image has no slice geometry.
std::vector<DicomInstance> readDicomFrameHeaders(DcmDataset& dataset, const DicomInstance& file);

}  // namespace segloop
