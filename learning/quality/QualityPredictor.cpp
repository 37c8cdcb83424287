#include "learning/quality/QualityPredictor.h"

#include <algorithm>
#include <filesystem>

#include "core/Error.h"
#include "core/io/DurableRename.h"
#include "learning/data/IntensityNormaliser.h"
#include "learning/quality/QualityInput.h"
#include "learning/quality/QualityPredictorImpl.h"
#include "learning/runtime/TorchRuntime.h"

namespace segloop {
namespace {

constexpr int64_t kQualityCheckpointFormat = 1;
const char* const kKind = "segloop-quality-predictor";

std::string readString(torch::serialize::InputArchive& archive, const std::string& key) {
    c10::IValue value;
    archive.read(key, value);
    return value.toStringRef();
}

}  // namespace

torch::Tensor stackQualityInputs(const std::vector<std::vector<float>>& samples,
                                 const QualitySettings& settings, const torch::Device& device) {
    const auto& crop = settings.cropSize;
    const int64_t batch = int64_t(samples.size());
    torch::Tensor inputs =
        torch::empty({batch, settings.inputChannels(), crop[2], crop[1], crop[0]});
    float* data = inputs.data_ptr<float>();
    for (size_t n = 0; n < samples.size(); ++n) {
        std::copy(samples[n].begin(), samples[n].end(), data + n * samples[n].size());
    }
    return inputs.to(device);
}

QualityPredictor::QualityPredictor(const QualitySettings& settings) {
    validateQualitySettings(settings);
    tuneHostAllocator();
    const torch::Device device = selectDevice(settings.device, settings.threads);
    torch::manual_seed(settings.seed);
    impl_ = std::make_unique<Impl>(settings, device);
}

QualityPredictor::QualityPredictor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

QualityPredictor::~QualityPredictor() = default;

const QualitySettings& QualityPredictor::settings() const {
    return impl_->settings;
}

void QualityPredictor::save(const std::string& path) const {
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(kQualityCheckpointFormat));
    archive.write("kind", c10::IValue(std::string(kKind)));
    archive.write("settings", c10::IValue(qualitySettingsToText(impl_->settings)));
    torch::serialize::OutputArchive network;
    impl_->network->save(network);
    archive.write("network", network);
    const std::string temporary = path + ".partial";
    try {
        archive.save_to(temporary);
    } catch (const c10::Error& error) {
        throw Error(path, std::string("cannot write the quality checkpoint (") +
                              error.what_without_backtrace() + ")");
    }
    durableRename(temporary, path);  // flushed, then renamed: never a half-written file
}

std::unique_ptr<QualityPredictor> QualityPredictor::load(const std::string& path,
                                                         const std::string& device) {
    if (!std::filesystem::is_regular_file(path)) {
        throw Error(path, "no such quality checkpoint file");
    }
    torch::serialize::InputArchive archive;
    QualitySettings settings;
    try {
        archive.load_from(path, torch::kCPU);
        if (readString(archive, "kind") != kKind) {
            throw Error(path, "is not a quality-predictor checkpoint");
        }
        c10::IValue format;
        archive.read("format", format);
        if (format.toInt() != kQualityCheckpointFormat) {
            throw Error(path, "quality checkpoint format " + std::to_string(format.toInt()) +
                                  " is not supported by this build");
        }
        settings = qualitySettingsFromText(readString(archive, "settings"), path);
    } catch (const c10::Error&) {
        throw Error(path, "is not a quality-predictor checkpoint (LibTorch could not read it)");
    }
    if (!device.empty()) {
        settings.device = device;
    }
    tuneHostAllocator();
    auto impl = std::make_unique<Impl>(settings, selectDevice(settings.device, settings.threads));
    torch::serialize::InputArchive network;
    archive.read("network", network);
    impl->network->load(network);
    impl->network->to(impl->device);
    return std::unique_ptr<QualityPredictor>(new QualityPredictor(std::move(impl)));
}

std::vector<MaskQuality> QualityPredictor::predict(const PreparedCase& image,
                                                   const std::vector<LabelMap>& masks) {
    const QualitySettings& s = impl_->settings;
    torch::NoGradGuard noGrad;
    impl_->network->eval();
    std::vector<MaskQuality> results;
    for (size_t first = 0; first < masks.size(); first += size_t(s.batchSize)) {
        const size_t last = std::min(masks.size(), first + size_t(s.batchSize));
        std::vector<std::vector<float>> samples;
        for (size_t n = first; n < last; ++n) {
            if (masks[n].geometry.size != image.geometry.size) {
                throw Error("quality prediction", "a mask's size differs from its image's");
            }
            samples.push_back(buildQualityInput(image.image, image.backgroundValue, masks[n], s));
        }
        const torch::Tensor predicted =
            impl_->network->forward(stackQualityInputs(samples, s, impl_->device)).to(torch::kCPU);
        const auto values = predicted.accessor<float, 2>();
        for (int64_t b = 0; b < predicted.size(0); ++b) {
            MaskQuality quality;
            for (int64_t c = 0; c < s.foregroundClasses(); ++c) {
                quality.classDice.push_back(values[b][c]);
            }
            quality.overall = values[b][s.outputs() - 1];
            results.push_back(quality);
        }
    }
    return results;
}

std::vector<MaskQuality> QualityPredictor::predict(const Volume& volume,
                                                   const std::vector<LabelMap>& masks) {
    PreparedCase prepared;
    prepared.geometry = volume.geometry;
    prepared.image = volume.voxels;
    IntensityNormaliser(impl_->settings.normalisation).apply(prepared.image);
    prepared.backgroundValue =
        prepared.image.empty() ? 0.0f
                               : *std::min_element(prepared.image.begin(), prepared.image.end());
    return predict(prepared, masks);
}

}  // namespace segloop
