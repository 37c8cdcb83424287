#include "learning/methods/ReferenceLabels.h"

#include "core/Error.h"

#include <torch/types.h>

#include <algorithm>
#include <vector>

namespace segloop {
namespace {

/// [B, C, Z, Y, X] -> [B*Z*Y*X, C] (voxel-major rows).
torch::Tensor voxelRows(const torch::Tensor& maps) {
    return maps.movedim(1, -1).reshape({-1, maps.size(1)});
}

/// Rows scaled to unit L2 length (a zero row stays zero).
torch::Tensor unitRows(const torch::Tensor& rows) {
    const torch::Tensor values = rows.to(torch::kFloat);
    return values / values.norm(2, {1}, true).clamp_min(1e-12);
}

}  // namespace

torch::Tensor nearestReferenceLabels(const torch::Tensor& features,
                                     const torch::Tensor& bankFeatures,
                                     const torch::Tensor& bankLabels, int64_t chunkSize) {
    if (features.dim() != 2 || bankFeatures.dim() != 2 || bankLabels.dim() != 1 ||
        features.size(1) != bankFeatures.size(1) || bankFeatures.size(0) != bankLabels.size(0) ||
        bankFeatures.size(0) < 1) {
        throw Error("reference labels", "expected features [N,C], bank [M,C] (M >= 1), labels [M]");
    }
    if (chunkSize < 1) {
        throw Error("reference labels", "the chunk size must be at least 1");
    }
    torch::NoGradGuard noGrad;
    const torch::Tensor bank = unitRows(bankFeatures).t().contiguous();  // [C, M]
    const torch::Tensor labels = bankLabels.to(features.device(), torch::kLong);
    std::vector<torch::Tensor> chunks;
    for (int64_t first = 0; first < features.size(0); first += chunkSize) {
        const torch::Tensor queries = unitRows(features.slice(0, first, first + chunkSize));
        const torch::Tensor nearest = queries.mm(bank).argmax(1);  // [chunk]
        chunks.push_back(labels.index_select(0, nearest));
    }
    if (chunks.empty()) {
        return torch::empty({0},
                            torch::TensorOptions().dtype(torch::kLong).device(features.device()));
    }
    return torch::cat(chunks);
}

ReferenceBank buildReferenceBank(const torch::Tensor& features, const torch::Tensor& labels,
                                 int64_t maxPerClass) {
    if (features.dim() != 5 || labels.dim() != 4 || features.size(0) != labels.size(0) ||
        features.sizes().slice(2) != labels.sizes().slice(1)) {
        throw Error("reference bank", "expected features [B,C,Z,Y,X] and labels [B,Z,Y,X]");
    }
    torch::NoGradGuard noGrad;
    const torch::Tensor rows = voxelRows(features.detach().to(torch::kFloat));
    const torch::Tensor flatLabels = labels.reshape({-1}).to(torch::kLong);
    std::vector<torch::Tensor> picked;
    const int64_t highest = flatLabels.numel() > 0 ? flatLabels.max().item<int64_t>() : -1;
    for (int64_t label = 0; label <= highest; ++label) {
        const torch::Tensor where = (flatLabels == label).nonzero().squeeze(1);
        if (where.size(0) == 0) {
            continue;
        }
        const int64_t keep = std::min<int64_t>(maxPerClass, where.size(0));
        const torch::Tensor order = torch::randperm(
            where.size(0), torch::TensorOptions().dtype(torch::kLong).device(where.device()));
        picked.push_back(where.index_select(0, order.slice(0, 0, keep)));
    }
    const torch::Tensor index = torch::cat(picked);
    ReferenceBank bank;
    bank.features = unitRows(rows.index_select(0, index));
    bank.labels = flatLabels.index_select(0, index);
    return bank;
}

torch::Tensor referenceLabelMaps(const torch::Tensor& features, const ReferenceBank& bank,
                                 int64_t chunkSize) {
    const torch::Tensor flat =
        nearestReferenceLabels(voxelRows(features.detach()), bank.features, bank.labels, chunkSize);
    return flat.reshape({features.size(0), features.size(2), features.size(3), features.size(4)});
}

}  // namespace segloop
