#pragma once

// The light ATen header only (at::Tensor is torch::Tensor).
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace segloop {

/// Reference-guided pseudo-labels (Seibold et al., AAAI 2022, arXiv 2112.00735; the details the
/// paper leaves open are the proposals of METHODS-NOTES §2.3, see docs/methods.md).

/// A per-class bank of labelled reference voxels: L2-normalised features and their classes.
struct ReferenceBank {
    at::Tensor features;  ///< [M, C] float, rows of unit length
    at::Tensor labels;    ///< [M] int64
};

/// Nearest-reference labels: row n of `features` [N, C] takes the label of the bank row with
/// the highest cosine similarity (k = 1; ties: the lowest bank index). Queries are processed
/// `chunkSize` rows at a time, so at most chunkSize x M similarities exist at once; the result
/// does not depend on chunkSize. bankFeatures [M, C] (M >= 1), bankLabels [M] int64. Neither
/// side needs to be normalised beforehand. Returns int64 [N] on the features' device. Pure.
at::Tensor nearestReferenceLabels(const at::Tensor& features, const at::Tensor& bankFeatures,
                                  const at::Tensor& bankLabels, int64_t chunkSize);

/// A bank from labelled feature maps: features [B, C, Z, Y, X], labels [B, Z, Y, X] int64.
/// Keeps, per class present, at most maxPerClass voxels drawn without replacement (torch's
/// generator); rows L2-normalised. Throws segloop::Error when the shapes disagree.
ReferenceBank buildReferenceBank(const at::Tensor& features, const at::Tensor& labels,
                                 int64_t maxPerClass);

/// Labels [B, Z, Y, X] int64 of feature maps [B, C, Z, Y, X] by nearestReferenceLabels.
at::Tensor referenceLabelMaps(const at::Tensor& features, const ReferenceBank& bank,
                              int64_t chunkSize);

}  // namespace segloop
