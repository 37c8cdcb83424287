#pragma once

#include <string>

namespace segloop {

/// Whether a run with the device setting `setting` ("auto", "cpu", "cuda") trains on CUDA:
/// "cuda", or "auto" where LibTorch has a CUDA device. Without LibTorch in the header, for the
/// front ends' choice of a default preset (TrainingPresets.h).
bool trainsOnCuda(const std::string& setting);

}  // namespace segloop
