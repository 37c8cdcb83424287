#pragma once

// The light ATen header only (at::Tensor is torch::Tensor).
#include <ATen/core/Tensor.h>

#include <array>
#include <cstdint>
#include <functional>

namespace segloop {

/// The terms of quality-guided SSL (Abhishek and Hamarneh, arXiv 2606.01753; METHODS-NOTES
/// §3.4-3.5), written against a quality function so they can be checked on small tensors.

/// A frozen quality predictor: inputs [B, K, Z, Y, X] (QualityInput.h layout: channel 0 the
/// normalised image, channel c the mask of class c) -> predicted Dice [B, K] in (0, 1), the
/// last column the overall Dice (QualityNetwork's forward).
using QualityFunction = std::function<at::Tensor(const at::Tensor&)>;

/// The predictor's input for patches: concat[images [B,1,Z,Y,X], masks [B,K-1,Z,Y,X]] along
/// the channels, centre-cropped or padded to `cropSize` (x, y, z) like buildQualityInput
/// (padding: the image with each sample's minimum, the masks with 0). Differentiable in masks.
at::Tensor qualityInputOfPatches(const at::Tensor& images, const at::Tensor& masks,
                                 const std::array<int64_t, 3>& cropSize);

/// Predicted overall Dice q_b [B] of per-class masks `probabilities` [B,K,Z,Y,X] (soft or
/// one-hot; channel 0, the background, is left out as in QualityInput).
at::Tensor predictedQuality(const QualityFunction& quality, const at::Tensor& images,
                            const at::Tensor& probabilities,
                            const std::array<int64_t, 3>& cropSize);

/// QAR: L_QAR = 1 - mean_b q_b, with q_b predicted from the student's soft prediction, so the
/// gradient reaches the student through the (frozen) predictor.
at::Tensor qualityRegularisationLoss(const QualityFunction& quality, const at::Tensor& images,
                                     const at::Tensor& studentProbabilities,
                                     const std::array<int64_t, 3>& cropSize);

/// PL-QW weights w_b = q_b^T [q_b >= threshold] (detached), q [B].
at::Tensor pseudoLabelWeights(const at::Tensor& quality, double temperature, double threshold);

/// sum_b w_b l_b / (sum_b w_b + 1e-8): 0 when every weight is 0. losses, weights [B].
at::Tensor weightedSampleMean(const at::Tensor& losses, const at::Tensor& weights);

/// lambda(t) = maxWeight * clamp((t - start) / length, 0, 1) (maxWeight from t >= start when
/// length <= 0): QG-SSL's delayed linear ramp.
double delayedLinearRamp(double progress, double start, double length, double maxWeight);

}  // namespace segloop
