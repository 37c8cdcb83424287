#include "learning/inference/TorchSegmentationModel.h"

#include <cmath>

#include "core/Error.h"
#include "learning/data/IntensityNormaliser.h"
#include "learning/inference/McDropout.h"
#include "learning/inference/NormalisedEntropy.h"
#include "learning/inference/RegionMap.h"
#include "learning/inference/SlidingWindow.h"

namespace segloop {

TorchSegmentationModel::TorchSegmentationModel(SegmentationNetwork network,
                                               TrainingSettings settings, torch::Device device)
    : network_(std::move(network)), settings_(std::move(settings)), device_(device) {
    network_->eval();
}

torch::Tensor TorchSegmentationModel::normalisedImage(const Volume& volume) const {
    std::vector<float> voxels = volume.voxels;
    IntensityNormaliser(settings_.normalisation).apply(voxels);
    const auto& size = volume.geometry.size;
    return torch::from_blob(voxels.data(), {1, size[2], size[1], size[0]}, torch::kFloat).clone();
}

torch::Tensor TorchSegmentationModel::probabilities(const Volume& volume, Progress* progress) {
    return slidingWindowProbabilities(network_, normalisedImage(volume),
                                      settings_.sampler.patchSize, device_, 0.5, progress);
}

torch::Tensor TorchSegmentationModel::regionMap(const Volume& volume, const torch::Tensor& probs,
                                                Progress* progress) {
    const MethodSettings& method = settings_.methodSettings;
    const bool mirror = settings_.sampler.flips;
    const torch::Tensor perturbed = perturbedView(normalisedImage(volume), method.teacherNoiseStd,
                                                  method.teacherNoiseClip, mirror);
    const torch::Tensor probsPerturbed = slidingWindowProbabilities(
        network_, perturbed, settings_.sampler.patchSize, device_, 0.5, progress);
    return regionCodes(probs, mirror ? flipX(probsPerturbed) : probsPerturbed, method.sgrsTau);
}

Prediction TorchSegmentationModel::predict(const Volume& volume, Progress* progress,
                                           const PredictionOptions& options) {
    const torch::Tensor probs = probabilities(volume, progress);
    const torch::Tensor labels = probs.argmax(0).to(torch::kShort).contiguous();
    const torch::Tensor entropy = normalisedEntropy(probs.unsqueeze(0)).squeeze(0).contiguous();
    Prediction prediction;
    prediction.labels = LabelMap(volume.geometry);
    const int16_t* labelData = labels.data_ptr<int16_t>();
    for (size_t n = 0; n < prediction.labels.labels.size(); ++n) {
        prediction.labels.labels[n] = static_cast<uint16_t>(labelData[n]);
    }
    prediction.uncertainty = Volume(volume.geometry);
    std::copy(entropy.data_ptr<float>(), entropy.data_ptr<float>() + entropy.numel(),
              prediction.uncertainty.voxels.begin());
    const torch::Tensor foreground = labels > 0;
    const int64_t foregroundVoxels = foreground.sum().item<int64_t>();
    prediction.meanForegroundUncertainty =
        foregroundVoxels == 0 ? 0.0 : entropy.masked_select(foreground).mean().item<double>();
    if (options.regions) {
        const torch::Tensor codes = regionMap(volume, probs, progress);
        prediction.regions = LabelMap(volume.geometry);
        const uint8_t* codeData = codes.data_ptr<uint8_t>();
        std::copy(codeData, codeData + codes.numel(), prediction.regions->labels.begin());
    }
    if (options.probabilities) {
        for (int64_t c = 1; c < probs.size(0); ++c) {
            const torch::Tensor channel = probs[c].to(torch::kFloat).contiguous();
            Volume probability(volume.geometry);
            std::copy(channel.data_ptr<float>(), channel.data_ptr<float>() + channel.numel(),
                      probability.voxels.begin());
            prediction.probabilities.push_back(std::move(probability));
        }
    }
    return prediction;
}

namespace {

/// ModelUncertainty::expectedDice of `labels` [Z,Y,X] under `probabilities` [K,Z,Y,X].
double expectedDiceOfMask(const torch::Tensor& probabilities, const torch::Tensor& labels) {
    double sum = 0.0;
    int counted = 0;
    for (int64_t c = 1; c < probabilities.size(0); ++c) {
        const torch::Tensor mask = (labels == c).to(torch::kFloat);
        const torch::Tensor p = probabilities[c];
        const double denominator = mask.sum().item<double>() + p.sum().item<double>();
        if (denominator < 1.0)
            continue;
        sum += 2.0 * (p * mask).sum().item<double>() / denominator;
        ++counted;
    }
    return counted ? sum / counted : std::nan("");
}

}  // namespace

ModelUncertainty TorchSegmentationModel::uncertainty(const Volume& volume, const LabelMap& mask,
                                                     const UncertaintySettings& settings,
                                                     Progress* progress) {
    if (mask.geometry.size != volume.geometry.size) {
        throw Error("uncertainty", "the mask's size differs from the volume's");
    }
    ModelUncertainty result;
    const double trainedRate = network_->config().dropout;
    result.dropoutRate = trainedRate > 0 ? trainedRate : settings.inferenceDropout;
    result.passes = std::max<int64_t>(settings.mcPasses, 0);
    const int64_t channels = levelChannels(network_->config(), 0);
    const torch::Tensor masks =
        dropoutChannelMasks(result.passes, channels, result.dropoutRate, settings.seed);
    const McDropoutMaps maps = mcDropoutSlidingWindow(
        network_, normalisedImage(volume), settings_.sampler.patchSize, device_, masks, progress);
    const auto& size = volume.geometry.size;
    std::vector<int32_t> labels(mask.labels.begin(), mask.labels.end());
    const torch::Tensor labelTensor =
        torch::from_blob(labels.data(), {size[2], size[1], size[0]}, torch::kInt);
    const torch::Tensor region = dilatedForeground(labelTensor, settings.regionMarginVoxels);
    result.regionMarginVoxels = settings.regionMarginVoxels;
    result.regionVoxels = region.sum().item<int64_t>();
    result.meanEntropyNats =
        entropyNats(maps.probabilities, 0).masked_select(region).mean().item<double>();
    result.epistemicNats = maps.mutualInformation.masked_select(region).mean().item<double>();
    result.expectedDice = expectedDiceOfMask(maps.probabilities, labelTensor);
    return result;
}

}  // namespace segloop
