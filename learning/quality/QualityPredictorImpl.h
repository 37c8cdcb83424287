#pragma once

// Internal to the learning engine (LibTorch): what a QualityPredictor holds.
#include <torch/torch.h>

#include "learning/quality/QualityNetwork.h"
#include "learning/quality/QualityPredictor.h"

namespace segloop {

struct QualityPredictor::Impl {
    QualitySettings settings;
    torch::Device device;
    QualityNetwork network;

    Impl(const QualitySettings& s, const torch::Device& d) : settings(s), device(d), network(s) {
        network->to(device);
    }
};

/// Stacks per-sample [C, Z, Y, X] blocks into a [B, C, Z, Y, X] tensor on `device`.
torch::Tensor stackQualityInputs(const std::vector<std::vector<float>>& samples,
                                 const QualitySettings& settings, const torch::Device& device);

}  // namespace segloop
