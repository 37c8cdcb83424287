#include "core/learning/inference/TorchSegmentationModel.h"

#include "core/learning/data/IntensityNormaliser.h"
#include "core/learning/methods/BuarlMethod.h"
#include "core/learning/inference/SlidingWindow.h"

namespace segloop {

TorchSegmentationModel::TorchSegmentationModel(SegmentationNetwork network,
                                               TrainingSettings settings, torch::Device device)
    : network_(std::move(network)), settings_(std::move(settings)), device_(device) {
    network_->eval();
}

torch::Tensor TorchSegmentationModel::probabilities(const Volume& volume, Progress* progress) {
    std::vector<float> voxels = volume.voxels;
    IntensityNormaliser(settings_.normalisation).apply(voxels);
    const auto& size = volume.geometry.size;
    const torch::Tensor image =
        torch::from_blob(voxels.data(), {1, size[2], size[1], size[0]}, torch::kFloat);
    return slidingWindowProbabilities(network_, image, settings_.sampler.patchSize, device_, 0.5,
                                      progress);
}

Prediction TorchSegmentationModel::predict(const Volume& volume, Progress* progress) {
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
    return prediction;
}

}  // namespace segloop
