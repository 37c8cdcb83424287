#include "learning/quality/QualityNetwork.h"

#include <torch/torch.h>

namespace segloop {
namespace {

namespace nn = torch::nn;

void addConvBlock(nn::Sequential& sequence, int64_t in, int64_t out, int64_t stride) {
    sequence->push_back(
        nn::Conv3d(nn::Conv3dOptions(in, out, 3).stride(stride).padding(1).bias(true)));
    sequence->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.01)));
}

}  // namespace

QualityNetworkImpl::QualityNetworkImpl(const QualitySettings& settings) {
    validateQualitySettings(settings);
    nn::Sequential encoder;
    int64_t channels = settings.baseChannels;
    addConvBlock(encoder, settings.inputChannels(), channels, 1);
    for (int64_t level = 1; level < settings.levels; ++level) {
        addConvBlock(encoder, channels, channels * 2, 2);
        channels *= 2;
        addConvBlock(encoder, channels, channels, 1);
    }
    encoder_ = register_module("encoder", encoder);
    nn::Sequential head(
        nn::Dropout(settings.dropout), nn::Linear(2 * channels, settings.hiddenUnits), nn::ReLU(),
        nn::Dropout(settings.dropout / 2), nn::Linear(settings.hiddenUnits, settings.outputs()));
    head_ = register_module("head", head);
    for (auto& module : modules(false)) {
        if (auto* conv = module->as<nn::Conv3d>()) {
            nn::init::kaiming_normal_(conv->weight, 0.01, torch::kFanIn, torch::kLeakyReLU);
            nn::init::zeros_(conv->bias);
        } else if (auto* linear = module->as<nn::Linear>()) {
            nn::init::kaiming_normal_(linear->weight, 0.0, torch::kFanIn, torch::kReLU);
            nn::init::zeros_(linear->bias);
        }
    }
}

QualityNetworkImpl::~QualityNetworkImpl() = default;

torch::Tensor QualityNetworkImpl::forward(const torch::Tensor& inputs) {
    const torch::Tensor features = encoder_->forward(inputs);
    const torch::Tensor pooled =
        torch::cat({features.mean({2, 3, 4}), features.amax({2, 3, 4})}, 1);
    return torch::sigmoid(head_->forward(pooled));
}

torch::Tensor qualityRegressionLoss(const torch::Tensor& predicted, const torch::Tensor& targets,
                                    double beta) {
    // Written out: LibTorch 1.13's functional smooth_l1_loss options ignore beta.
    const torch::Tensor difference = (predicted - targets).abs();
    return torch::where(difference < beta, 0.5 * difference * difference / beta,
                        difference - 0.5 * beta)
        .mean();
}

torch::Tensor qualityRankingLoss(const torch::Tensor& predicted, const torch::Tensor& targets,
                                 double margin, double minGap) {
    // [B, 1, K] - [1, B, K]: every ordered pair; keep i < j.
    const torch::Tensor targetDiff = targets.unsqueeze(1) - targets.unsqueeze(0);
    const torch::Tensor predictedDiff = predicted.unsqueeze(1) - predicted.unsqueeze(0);
    const int64_t batch = predicted.size(0);
    const torch::Tensor upper =
        torch::ones({batch, batch},
                    torch::TensorOptions().dtype(torch::kBool).device(predicted.device()))
            .triu(1)
            .unsqueeze(2);
    const torch::Tensor valid =
        (targetDiff.abs() >= minGap).logical_and(upper).to(predicted.dtype());
    const torch::Tensor hinge = torch::relu(margin - torch::sign(targetDiff) * predictedDiff);
    const torch::Tensor pairs = valid.sum(0).sum(0);  // [K]
    const torch::Tensor perColumn = (hinge * valid).sum(0).sum(0) / pairs.clamp_min(1);
    const torch::Tensor columns = (pairs > 0).to(predicted.dtype()).sum();
    return perColumn.sum() / columns.clamp_min(1);
}

}  // namespace segloop
