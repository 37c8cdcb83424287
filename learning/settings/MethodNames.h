#pragma once

#include <string>
#include <vector>

namespace segloop {

/// The names makeTrainingMethod() accepts, in the order front ends offer them (no LibTorch
/// here: the window's training panel lists them).
std::vector<std::string> trainingMethodNames();

/// The methods quality-guided training can build on (MethodSettings::qualityBaseMethod).
std::vector<std::string> qualityBaseMethodNames();

}  // namespace segloop
