// The TorchScript export of a segmentation network and the engine's own logits to check it by.
#include "learning/inference/ModelExport.h"

#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/frontend/tracer.h>

#include <filesystem>
#include <sstream>

#include "core/Error.h"
#include "core/io/DurableRename.h"
#include "learning/inference/TorchSegmentationModel.h"

namespace segloop {
namespace {

/// The prediction network of a checkpoint on the CPU, in eval mode.
SegmentationNetwork loadNetwork(const std::string& checkpointPath, TrainingSettings* settings) {
    const std::shared_ptr<TorchSegmentationModel> model =
        std::dynamic_pointer_cast<TorchSegmentationModel>(
            SegmentationModel::load(checkpointPath, "cpu"));
    if (!model)
        throw Error(checkpointPath, "is not a LibTorch segmentation model");
    if (settings)
        *settings = model->settings();
    SegmentationNetwork network = model->network();
    network->eval();
    return network;
}

/// A parameter's path ("encoders.0.conv.weight") as one TorchScript attribute name.
std::string attributeName(std::string path) {
    for (char& c : path) {
        if (c == '.')
            c = '_';
    }
    return path;
}

}  // namespace

std::string networkDifference(const NetworkConfig& first, const NetworkConfig& second) {
    auto differs = [](const std::string& what, const auto& a, const auto& b) {
        std::ostringstream text;
        text << what << " " << a << " against " << b;
        return text.str();
    };
    if (first.architecture != second.architecture)
        return differs("architecture", first.architecture, second.architecture);
    if (first.inputChannels != second.inputChannels)
        return differs("input channels", first.inputChannels, second.inputChannels);
    if (first.classes != second.classes)
        return differs("classes", first.classes, second.classes);
    if (first.baseChannels != second.baseChannels)
        return differs("base channels", first.baseChannels, second.baseChannels);
    if (first.levels != second.levels)
        return differs("levels", first.levels, second.levels);
    if ((first.dropout > 0) != (second.dropout > 0))
        return differs("dropout", first.dropout, second.dropout);
    return "";
}

void exportTorchScript(const std::string& checkpointPath, const std::string& outputPath) {
    TrainingSettings settings;
    SegmentationNetwork network = loadNetwork(checkpointPath, &settings);
    torch::NoGradGuard noGradients;
    // The traced module owns the network's tensors as flat attributes; tracing maps each use
    // of a weight in forward() to a read of its attribute.
    torch::jit::Module module(c10::QualifiedName("__torch__.segloop.SegmentationNetwork"));
    module.register_attribute("training", c10::BoolType::get(), false);  // eval(), train()
    for (const auto& parameter : network->named_parameters(true))
        module.register_parameter(attributeName(parameter.key()), parameter.value(), false);
    for (const auto& buffer : network->named_buffers(true))
        module.register_buffer(attributeName(buffer.key()), buffer.value());
    const auto& patch = settings.sampler.patchSize;
    const torch::Tensor example =
        torch::zeros({1, settings.network.inputChannels, patch[2], patch[1], patch[0]});
    auto traced = torch::jit::tracer::trace(
        {example},
        [&network](torch::jit::Stack inputs) {
            return torch::jit::Stack{network->forward(inputs[0].toTensor())};
        },
        [](const torch::autograd::Variable&) { return std::string(); }, /*strict=*/true,
        /*force_outplace=*/false, &module);
    if (traced.first->graph->inputs().size() != 2) {  // self (the weights) and the images
        throw Error(outputPath,
                    "LibTorch's tracer did not take the network's weights as "
                    "module attributes (an unexpected LibTorch version?)");
    }
    torch::jit::Function* forward = module._ivalue()->compilation_unit()->create_function(
        c10::QualifiedName(*module.type()->name(), "forward"), traced.first->graph);
    module.type()->addMethod(forward);
    const std::string temporary = outputPath + ".partial";
    try {
        module.save(temporary);
    } catch (const c10::Error& error) {
        throw Error(outputPath, std::string("cannot write the TorchScript module (") +
                                    error.what_without_backtrace() + ")");
    }
    durableRename(temporary, outputPath);  // flushed, then renamed: never a half-written file
}

std::vector<float> patchLogits(const std::string& checkpointPath,
                               const std::vector<float>& normalisedPatch,
                               const std::array<int64_t, 3>& sizeXyz) {
    TrainingSettings settings;
    SegmentationNetwork network = loadNetwork(checkpointPath, &settings);
    const int64_t channels = settings.network.inputChannels;
    if (int64_t(normalisedPatch.size()) != channels * sizeXyz[0] * sizeXyz[1] * sizeXyz[2])
        throw Error(checkpointPath, "the patch's voxel count does not match its size");
    torch::NoGradGuard noGradients;
    const torch::Tensor input =
        torch::from_blob(const_cast<float*>(normalisedPatch.data()),
                         {1, channels, sizeXyz[2], sizeXyz[1], sizeXyz[0]}, torch::kFloat)
            .clone();
    const torch::Tensor logits = network->forward(input).to(torch::kFloat).contiguous();
    return std::vector<float>(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
}

}  // namespace segloop
