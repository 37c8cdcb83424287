#pragma once

// Internal to the learning engine (LibTorch): the quality predictor's network and losses.
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <memory>

#include "learning/quality/QualitySettings.h"

namespace torch {
namespace nn {
class SequentialImpl;
}  // namespace nn
}  // namespace torch

namespace segloop {

/// A small 3D CNN that maps (image, one-hot mask) to predicted Dice values.
///
/// Encoder: level 0 is one (3³ conv with bias, LeakyReLU 0.01) block at full resolution with
/// baseChannels; each further level halves the resolution with a stride-2 3³ conv block and adds
/// a 3³ conv block, doubling the channels. No normalisation layers: BatchNorm trained worse in
/// eval mode with batches of 4-8, and a per-sample norm would divide away the mask-size
/// statistics the prediction depends on (ours). Global average and global max pooling of the
/// last level are concatenated; head: Dropout(p), Linear(2F, hidden), ReLU, Dropout(p/2),
/// Linear(hidden, outputs), sigmoid.
class QualityNetworkImpl : public torch::nn::Module {
  public:
    explicit QualityNetworkImpl(const QualitySettings& settings);
    ~QualityNetworkImpl() override;
    /// inputs [B, C, Z, Y, X] -> predicted Dice [B, outputs] in (0, 1).
    torch::Tensor forward(const torch::Tensor& inputs);

  private:
    std::shared_ptr<torch::nn::SequentialImpl> encoder_;
    std::shared_ptr<torch::nn::SequentialImpl> head_;
};

TORCH_MODULE(QualityNetwork);

/// SmoothL1 (Huber, `beta`) between predictions and targets [B, K], mean over all entries.
torch::Tensor qualityRegressionLoss(const torch::Tensor& predicted, const torch::Tensor& targets,
                                    double beta);

/// Pairwise margin ranking within the batch, per output column k: over the pairs i < j with
/// |t_ik - t_jk| >= minGap, mean of max(0, margin - sign(t_ik - t_jk) (p_ik - p_jk)); the
/// columns' means are averaged (a column without such pairs counts 0 and is left out of the
/// average; 0 when no column has pairs). predicted and targets are [B, K].
torch::Tensor qualityRankingLoss(const torch::Tensor& predicted, const torch::Tensor& targets,
                                 double margin, double minGap);

}  // namespace segloop
