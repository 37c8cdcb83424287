#pragma once

// Internal to the learning engine (includes LibTorch).
#include <torch/torch.h>

#include "learning/inference/SegmentationModel.h"
#include "learning/network/SegmentationNetwork.h"

namespace segloop {

/// SegmentationModel over a LibTorch network: normalises like training did, runs the sliding
/// window, takes the argmax and the normalised entropy.
class TorchSegmentationModel final : public SegmentationModel {
  public:
    TorchSegmentationModel(SegmentationNetwork network, TrainingSettings settings,
                           torch::Device device);
    Prediction predict(const Volume& volume, Progress* progress = nullptr,
                       const PredictionOptions& options = {}) override;
    ModelUncertainty uncertainty(const Volume& volume, const LabelMap& mask,
                                 const UncertaintySettings& settings,
                                 Progress* progress = nullptr) override;
    const TrainingSettings& settings() const override { return settings_; }
    /// The network it predicts with (shared, not copied), e.g. for an export.
    SegmentationNetwork network() const { return network_; }
    /// Class probabilities [K,Z,Y,X] of a volume (CPU), for callers that need more than argmax.
    torch::Tensor probabilities(const Volume& volume, Progress* progress = nullptr);
    /// The inference-time region map (RegionMap.h) from `probs` = probabilities(volume) and a
    /// second pass over the perturbed view; uint8 [Z,Y,X].
    torch::Tensor regionMap(const Volume& volume, const torch::Tensor& probs,
                            Progress* progress = nullptr);

  private:
    torch::Tensor normalisedImage(const Volume& volume) const;
    SegmentationNetwork network_;
    TrainingSettings settings_;
    torch::Device device_;
};

}  // namespace segloop
