#include "learning/network/SegmentationNetwork.h"

#include "core/Error.h"

#include <torch/torch.h>

#include <algorithm>
#include <string>

namespace segloop {
namespace {

constexpr int64_t kMaxChannels = 320;
constexpr double kLeakySlope = 0.01;

using torch::nn::Sequential;

/// 3^d conv (no bias: the affine InstanceNorm after it has the shift) + InstanceNorm + LeakyReLU.
void appendConvNormAct(Sequential& block, int64_t dims, int64_t in, int64_t out) {
    if (dims == 3) {
        block->push_back(
            torch::nn::Conv3d(torch::nn::Conv3dOptions(in, out, 3).padding(1).bias(false)));
        block->push_back(
            torch::nn::InstanceNorm3d(torch::nn::InstanceNorm3dOptions(out).affine(true)));
    } else {
        block->push_back(
            torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(false)));
        block->push_back(
            torch::nn::InstanceNorm2d(torch::nn::InstanceNorm2dOptions(out).affine(true)));
    }
    block->push_back(
        torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(kLeakySlope)));
}

Sequential doubleConv(int64_t dims, int64_t in, int64_t out) {
    Sequential block;
    appendConvNormAct(block, dims, in, out);
    appendConvNormAct(block, dims, out, out);
    return block;
}

Sequential upsample(int64_t dims, int64_t in, int64_t out) {
    Sequential block;
    if (dims == 3) {
        block->push_back(
            torch::nn::ConvTranspose3d(torch::nn::ConvTranspose3dOptions(in, out, 2).stride(2)));
    } else {
        block->push_back(
            torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(in, out, 2).stride(2)));
    }
    return block;
}

std::string sizeText(const torch::Tensor& images) {
    std::string text;
    for (int64_t d = 2; d < images.dim(); ++d) {
        text += (d > 2 ? "x" : "") + std::to_string(images.size(d));
    }
    return text;
}

}  // namespace

void validateNetworkConfig(const NetworkConfig& config) {
    const std::string subject = "network config";
    if (config.architecture != "unet3d" && config.architecture != "unet2d") {
        throw Error(subject,
                    "unknown architecture '" + config.architecture + "' (valid: unet3d, unet2d)");
    }
    if (config.levels < 1 || config.levels > 8) {
        throw Error(subject, "levels must be in 1..8, got " + std::to_string(config.levels));
    }
    if (config.baseChannels < 1 || config.inputChannels < 1 || config.classes < 1) {
        throw Error(subject, "baseChannels, inputChannels and classes must be positive");
    }
    if (!(config.dropout >= 0.0 && config.dropout < 1.0)) {
        throw Error(subject, "dropout must be in [0, 1), got " + std::to_string(config.dropout));
    }
}

int64_t levelChannels(const NetworkConfig& config, int64_t level) {
    int64_t channels = config.baseChannels;
    for (int64_t i = 0; i < level && channels < kMaxChannels; ++i) {
        channels *= 2;
    }
    return std::min(channels, kMaxChannels);
}

SegmentationNetworkImpl::SegmentationNetworkImpl(const NetworkConfig& config) : config_(config) {
    validateNetworkConfig(config_);
    dims_ = config_.architecture == "unet2d" ? 2 : 3;
    const int64_t levels = config_.levels;
    for (int64_t level = 0; level < levels; ++level) {
        const int64_t in = level == 0 ? config_.inputChannels : levelChannels(config_, level - 1);
        const int64_t out = levelChannels(config_, level);
        encoders_.push_back(
            register_module("encoder" + std::to_string(level), doubleConv(dims_, in, out)));
    }
    for (int64_t level = 0; level + 1 < levels; ++level) {
        const int64_t below = levelChannels(config_, level + 1);
        const int64_t here = levelChannels(config_, level);
        upsamples_.push_back(
            register_module("upsample" + std::to_string(level), upsample(dims_, below, here)));
        decoders_.push_back(
            register_module("decoder" + std::to_string(level), doubleConv(dims_, 2 * here, here)));
    }
    const int64_t features = levelChannels(config_, 0);
    if (config_.dropout > 0) {
        Sequential dropout;
        if (dims_ == 3) {
            dropout->push_back(torch::nn::Dropout3d(torch::nn::Dropout3dOptions(config_.dropout)));
        } else {
            dropout->push_back(torch::nn::Dropout2d(torch::nn::Dropout2dOptions(config_.dropout)));
        }
        dropout_ = register_module("dropout", dropout);
    }
    Sequential classifier;
    if (dims_ == 3) {
        classifier->push_back(
            torch::nn::Conv3d(torch::nn::Conv3dOptions(features, config_.classes, 1)));
    } else {
        classifier->push_back(
            torch::nn::Conv2d(torch::nn::Conv2dOptions(features, config_.classes, 1)));
    }
    classifier_ = register_module("classifier", classifier);
    initialiseWeights();
}

SegmentationNetworkImpl::~SegmentationNetworkImpl() = default;

void SegmentationNetworkImpl::initialiseWeights() {
    torch::NoGradGuard noGrad;
    for (auto& item : named_parameters(true)) {
        torch::Tensor& parameter = item.value();
        const std::string& name = item.key();
        if (parameter.dim() >= 3) {  // conv and transposed-conv kernels
            torch::nn::init::kaiming_normal_(parameter, kLeakySlope, torch::kFanIn,
                                             torch::kLeakyReLU);
        } else if (name.size() >= 4 && name.compare(name.size() - 4, 4, "bias") == 0) {
            parameter.zero_();  // conv biases and norm shifts
        }
        // InstanceNorm scales keep their initial value 1.
    }
}

int64_t SegmentationNetworkImpl::sizeDivisor() const {
    return int64_t{1} << (config_.levels - 1);
}

void SegmentationNetworkImpl::checkInput(const torch::Tensor& images) const {
    const std::string subject = "SegmentationNetwork(" + config_.architecture + ")";
    if (!images.defined() || images.dim() != 5) {
        throw Error(subject, "expected images [B,C,Z,Y,X], got a tensor of " +
                                 std::to_string(images.defined() ? images.dim() : 0) +
                                 " dimensions");
    }
    if (images.size(1) != config_.inputChannels) {
        throw Error(subject, "expected " + std::to_string(config_.inputChannels) +
                                 " input channels, got " + std::to_string(images.size(1)));
    }
    const int64_t divisor = sizeDivisor();
    const int64_t firstChecked = dims_ == 3 ? 2 : 3;  // unet2d does not pool along z
    for (int64_t d = firstChecked; d < 5; ++d) {
        if (images.size(d) % divisor != 0 || images.size(d) == 0) {
            throw Error(subject,
                        "input size " + sizeText(images) + " (z x y x x) must be divisible by " +
                            std::to_string(divisor) + " = 2^(levels-1) along " +
                            (dims_ == 3 ? "z, y and x" : "y and x") + "; pad or crop the patch");
        }
    }
}

std::pair<torch::Tensor, torch::Tensor> SegmentationNetworkImpl::run(const torch::Tensor& input) {
    std::vector<torch::Tensor> skips;
    torch::Tensor x = input;
    const auto levels = static_cast<size_t>(config_.levels);
    for (size_t level = 0; level < levels; ++level) {
        if (level > 0) {
            x = dims_ == 3 ? torch::max_pool3d(x, {2, 2, 2}, {2, 2, 2})
                           : torch::max_pool2d(x, {2, 2}, {2, 2});
        }
        x = encoders_[level]->forward(x);
        if (level + 1 < levels) {
            skips.push_back(x);
        }
    }
    for (size_t level = levels - 1; level-- > 0;) {
        x = upsamples_[level]->forward(x);
        x = torch::cat({skips[level], x}, 1);
        x = decoders_[level]->forward(x);
    }
    const torch::Tensor features = x;
    if (dropout_) {
        x = dropout_->forward(x);
    }
    return {classifier_->forward(x), features};
}

std::pair<torch::Tensor, torch::Tensor> SegmentationNetworkImpl::forwardWithFeatures(
    const torch::Tensor& images) {
    checkInput(images);
    if (dims_ == 3) {
        return run(images);
    }
    // [B,C,Z,Y,X] -> [B,Z,C,Y,X] -> [B*Z,C,Y,X]; outputs back to [B,K,Z,Y,X].
    const int64_t b = images.size(0), c = images.size(1), z = images.size(2);
    const int64_t y = images.size(3), xs = images.size(4);
    const torch::Tensor slices = images.permute({0, 2, 1, 3, 4}).reshape({b * z, c, y, xs});
    auto [logits, features] = run(slices);
    auto toVolume = [&](const torch::Tensor& t) {
        return t.reshape({b, z, t.size(1), y, xs}).permute({0, 2, 1, 3, 4}).contiguous();
    };
    return {toVolume(logits), toVolume(features)};
}

torch::Tensor SegmentationNetworkImpl::forward(const torch::Tensor& images) {
    return forwardWithFeatures(images).first;
}

SegmentationNetwork makeSegmentationNetwork(const NetworkConfig& config) {
    return SegmentationNetwork(config);
}

}  // namespace segloop
