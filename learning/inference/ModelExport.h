#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "learning/network/NetworkConfig.h"
#include "learning/settings/TrainingSettings.h"

namespace segloop {

/// What leaves the learning engine with a model bundle (docs/model-bundle.md): the settings of
/// a checkpoint, its prediction network alone, and a TorchScript module of that network for
/// tools outside SegLoop. Torch-free declarations; every call does its LibTorch work on the
/// calling thread, on the CPU.

/// The settings a checkpoint was trained with (network, normalisation, patch, method). Throws
/// Error naming the path when it is no SegLoop checkpoint (TrainerCheckpoint.cpp).
TrainingSettings checkpointSettings(const std::string& checkpointPath);

/// Writes the prediction network of a checkpoint (the teacher when it has one, else the
/// student) as a checkpoint of its own that SegmentationModel::load reads: format, `settings`
/// as text (settingsToText) and the weights, nothing else (no optimiser, sampler or random
/// state: nothing about the cases it trained on). `settings.network` must equal the
/// checkpoint's. Written under a temporary name, then renamed (TrainerCheckpoint.cpp).
void writeWeightsCheckpoint(const std::string& checkpointPath, const TrainingSettings& settings,
                            const std::string& outputPath);

/// "" when two network configs build networks with the same weights (architecture, input
/// channels, classes, base channels, levels and dropout all equal), else the first difference
/// in words ("classes 3 against 2").
std::string networkDifference(const NetworkConfig& first, const NetworkConfig& second);

/// Traces the prediction network of a checkpoint (eval mode, CPU, no gradients) with
/// torch::jit on an input of its patch size and saves the TorchScript module at `outputPath`:
/// forward(images [B,C,Z,Y,X] float32, normalised as the settings say) -> logits [B,K,Z,Y,X].
/// torch.jit.load (Python) and torch::jit::load (C++) run it without SegLoop; other sizes
/// work where each is a multiple of 2^(levels-1) (unet3d; unet2d is traced for the patch's
/// slice count). Written under a temporary name, then renamed.
void exportTorchScript(const std::string& checkpointPath, const std::string& outputPath);

/// The engine's logits for one normalised patch (x fastest; sizeXyz a multiple of
/// 2^(levels-1)): the prediction network of the checkpoint in eval mode, as [K,Z,Y,X] with x
/// fastest. For checking an exported network against the engine.
std::vector<float> patchLogits(const std::string& checkpointPath,
                               const std::vector<float>& normalisedPatch,
                               const std::array<int64_t, 3>& sizeXyz);

}  // namespace segloop
