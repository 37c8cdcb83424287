#pragma once

// The light ATen header only (at::Tensor is torch::Tensor); <torch/types.h> costs 7 s more.
#include <ATen/core/Tensor.h>

#include "learning/runtime/Precision.h"  // toLossPrecision

namespace segloop {

// Segmentation losses on logits or probabilities [B,K,Z,Y,X] and integer label maps
// [B,Z,Y,X] (int64, values in 0..K-1). Half/bfloat16 inputs (autocast) are computed in float32.
// Every tensor made here takes its device from the inputs. Formulas and their sources:
// docs/methods-engine-notes.md.

/// Per-voxel cross-entropy [B,Z,Y,X] of logits [B,K,Z,Y,X] against target [B,Z,Y,X]:
///   CE(v) = -(1 - eps) log p_y(v) - (eps / K) sum_k log p_k(v),   p = softmax(logits)
/// i.e. CE against the smoothed target (1 - eps) onehot(y) + eps / K (the definition of
/// PyTorch's CrossEntropyLoss(label_smoothing = eps)); eps = 0 gives plain CE.
at::Tensor crossEntropyPerVoxel(const at::Tensor& logits, const at::Tensor& target,
                                double labelSmoothing = 0.0);

/// sum(values * mask) / max(sum(mask), 1e-8): the mean over the voxels a binary (or
/// non-negative weight) mask selects; 0 for an empty mask. values and mask broadcast
/// (typically both [B,Z,Y,X]); an undefined mask gives values.mean().
at::Tensor maskedMean(const at::Tensor& values, const at::Tensor& mask);

/// nnU-Net-style soft Dice loss (as `SoftDiceLoss(batch_dice=False)` in SGRS-Net's losses.py),
/// per sample b and class k over the voxels v, with the optional mask m [B,Z,Y,X] (undefined
/// = all ones) and g = onehot(target):
///   tp = sum_v p m g,  fp = sum_v p m (1 - g),  fn = sum_v (1 - p) m g
///   dc[b,k] = (2 tp + s) / (2 tp + fp + fn + s + 1e-8),   loss = 1 - mean_{b,k} dc
/// Class 0 is left out of the mean when includeBackground is false.
at::Tensor softDiceLoss(const at::Tensor& probabilities, const at::Tensor& target,
                        const at::Tensor& mask, double smooth = 1.0, bool includeBackground = true);

/// The supervised Dice of SGRS-Net's train.py (`losses.DiceLoss`), summed over the whole batch
/// per class k (no factor 2 in the numerator, so its minimum is 0.5, not 0):
///   loss = mean_k [ 1 - sum p_k g_k / (sum p_k^2 + sum g_k^2 + 1e-10) ]
at::Tensor referenceDiceLoss(const at::Tensor& probabilities, const at::Tensor& target);

/// Mean squared difference of two probability maps over all elements (the mean-teacher
/// consistency of SSL4MIS: mean((p_student - p_teacher)^2)).
at::Tensor softmaxMse(const at::Tensor& studentProbabilities,
                      const at::Tensor& teacherProbabilities);

}  // namespace segloop
