#pragma once

#include "learning/network/NetworkConfig.h"

// Only the module base is included here (about 5 s cheaper a translation unit than
// <torch/torch.h>); the layer types stay in SegmentationNetwork.cpp.
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <memory>
#include <utility>
#include <vector>

namespace torch {
namespace nn {
class SequentialImpl;
}  // namespace nn
}  // namespace torch

namespace segloop {

/// Throws segloop::Error naming the first invalid field of `config` (unknown architecture,
/// levels < 1, baseChannels < 1, inputChannels < 1, classes < 1, dropout outside [0, 1)).
void validateNetworkConfig(const NetworkConfig& config);

/// Number of channels of resolution level `level` (0 = full resolution):
/// min(baseChannels * 2^level, 320).
int64_t levelChannels(const NetworkConfig& config, int64_t level);

/// U-Net encoder-decoder for segmentation, 3D ("unet3d") or slice-wise 2D ("unet2d").
///
/// Per level: two (3^d conv without bias, InstanceNorm with affine, LeakyReLU 0.01) blocks.
/// Down: max-pool by 2. Up: transposed conv (kernel 2, stride 2) to the skip's channel count,
/// concatenation with the skip, then the two conv blocks. Channels: levelChannels(). Head:
/// Dropout (channel-wise, when config.dropout > 0) and a 1^d conv to `classes` logits.
/// Weights: Kaiming normal (fan in, LeakyReLU gain with slope 0.01), biases zero.
///
/// "unet2d" runs the 2D network on every z slice: [B,C,Z,Y,X] -> [B*Z,C,Y,X] -> back.
/// Every computation follows the device and dtype of the input and of the parameters, so the
/// module can be moved to CUDA (`->to(device)`) and run under autocast.
class SegmentationNetworkImpl : public torch::nn::Module {
  public:
    /// Builds the layers; throws segloop::Error for an invalid config.
    explicit SegmentationNetworkImpl(const NetworkConfig& config);
    ~SegmentationNetworkImpl() override;

    /// images [B,C,Z,Y,X] -> logits [B,K,Z,Y,X]. Z, Y, X (unet2d: Y, X) must be divisible by
    /// 2^(levels-1); throws segloop::Error otherwise.
    torch::Tensor forward(const torch::Tensor& images);

    /// images [B,C,Z,Y,X] -> {logits [B,K,Z,Y,X], features [B,F,Z,Y,X]}: the last decoder
    /// feature map (F = levelChannels(0)) before dropout and the 1x1x1 classifier.
    std::pair<torch::Tensor, torch::Tensor> forwardWithFeatures(const torch::Tensor& images);

    /// The configuration the network was built from.
    const NetworkConfig& config() const { return config_; }

    /// Divisor every spatial size must be a multiple of: 2^(levels-1).
    int64_t sizeDivisor() const;

  private:
    /// [N,C,(Z,)Y,X] in the network's own dimensionality -> {logits, features}.
    std::pair<torch::Tensor, torch::Tensor> run(const torch::Tensor& input);
    void checkInput(const torch::Tensor& images) const;
    void initialiseWeights();

    using Block = std::shared_ptr<torch::nn::SequentialImpl>;
    NetworkConfig config_;
    int64_t dims_ = 3;
    std::vector<Block> encoders_;   ///< Level i: double conv at level i.
    std::vector<Block> upsamples_;  ///< Index i: level i+1 -> level i transposed conv.
    std::vector<Block> decoders_;   ///< Index i: double conv after the concatenation at level i.
    Block dropout_;                 ///< Null when config.dropout == 0.
    Block classifier_;
};

TORCH_MODULE(SegmentationNetwork);

/// Builds the network described by `config` (throws segloop::Error when it is invalid).
SegmentationNetwork makeSegmentationNetwork(const NetworkConfig& config);

}  // namespace segloop
