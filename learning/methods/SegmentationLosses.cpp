#include "learning/methods/SegmentationLosses.h"

#include "core/Error.h"

#include <torch/types.h>

#include <string>

namespace segloop {
namespace {

void checkPair(const torch::Tensor& scores, const torch::Tensor& target, const char* what) {
    if (!scores.defined() || !target.defined() || scores.dim() < 3 ||
        target.dim() != scores.dim() - 1 || target.size(0) != scores.size(0) ||
        scores.sizes().slice(2) != target.sizes().slice(1)) {
        throw Error(what, "expected scores [B,K,Z,Y,X] and a target [B,Z,Y,X] of the same size");
    }
    if (target.scalar_type() != torch::kLong) {
        throw Error(what, "target must be int64 class indices");
    }
}

/// onehot(target) [B,K,...] in the dtype and on the device of `like`.
torch::Tensor oneHot(const torch::Tensor& target, const torch::Tensor& like) {
    const int64_t classes = like.size(1);
    std::vector<int64_t> order{0, target.dim()};
    for (int64_t d = 1; d < target.dim(); ++d) {
        order.push_back(d);
    }
    return torch::one_hot(target, classes).permute(order).to(like.scalar_type());
}

/// Sum over every dimension from 2 on: [B,K,...] -> [B,K].
torch::Tensor sumSpatial(const torch::Tensor& t) {
    return t.flatten(2).sum(2);
}

}  // namespace

torch::Tensor crossEntropyPerVoxel(const torch::Tensor& logits, const torch::Tensor& target,
                                   double labelSmoothing) {
    checkPair(logits, target, "cross-entropy");
    if (!(labelSmoothing >= 0.0 && labelSmoothing <= 1.0)) {
        throw Error("cross-entropy", "label smoothing must be in [0, 1]");
    }
    const torch::Tensor logProbabilities = torch::log_softmax(toLossPrecision(logits), 1);
    const torch::Tensor nll = -logProbabilities.gather(1, target.unsqueeze(1)).squeeze(1);
    if (labelSmoothing == 0.0) {
        return nll;
    }
    const torch::Tensor uniform = -logProbabilities.mean(1);
    return (1.0 - labelSmoothing) * nll + labelSmoothing * uniform;
}

torch::Tensor maskedMean(const torch::Tensor& values, const torch::Tensor& mask) {
    if (!mask.defined()) {
        return values.mean();
    }
    const torch::Tensor weights = mask.to(values.scalar_type());
    const torch::Tensor total = (values * weights).sum();
    const torch::Tensor count = weights.expand_as(values).sum().clamp_min(1e-8);
    return total / count;
}

torch::Tensor softDiceLoss(const torch::Tensor& probabilities, const torch::Tensor& target,
                           const torch::Tensor& mask, double smooth, bool includeBackground) {
    checkPair(probabilities, target, "soft Dice");
    const torch::Tensor p = toLossPrecision(probabilities);
    torch::Tensor g = oneHot(target, p);
    torch::Tensor pm = p;
    if (mask.defined()) {
        const torch::Tensor m = mask.to(p.scalar_type()).unsqueeze(1);  // [B,1,Z,Y,X]
        pm = p * m;
        g = g * m;  // masked voxels count in neither tp, fp nor fn
    }
    const torch::Tensor tp = sumSpatial(p * g);    // g is already masked
    const torch::Tensor fp = sumSpatial(pm) - tp;  // sum p m (1 - g)
    const torch::Tensor fn = sumSpatial(g) - tp;   // sum (1 - p) m g
    torch::Tensor dc = (2 * tp + smooth) / (2 * tp + fp + fn + smooth + 1e-8);
    if (!includeBackground) {
        if (dc.size(1) < 2) {
            throw Error("soft Dice", "no foreground class to average without the background");
        }
        dc = dc.slice(1, 1);
    }
    return 1.0 - dc.mean();
}

torch::Tensor referenceDiceLoss(const torch::Tensor& probabilities, const torch::Tensor& target) {
    checkPair(probabilities, target, "reference Dice");
    const torch::Tensor p = toLossPrecision(probabilities);
    const torch::Tensor g = oneHot(target, p);
    const torch::Tensor p2 = p.transpose(0, 1).flatten(1);  // [K, B*voxels]
    const torch::Tensor g2 = g.transpose(0, 1).flatten(1);
    const torch::Tensor intersection = (p2 * g2).sum(1);
    const torch::Tensor denominator = (p2 * p2).sum(1) + (g2 * g2).sum(1) + 1e-10;
    return (1.0 - intersection / denominator).mean();
}

torch::Tensor softmaxMse(const torch::Tensor& studentProbabilities,
                         const torch::Tensor& teacherProbabilities) {
    if (studentProbabilities.sizes() != teacherProbabilities.sizes()) {
        throw Error("consistency", "student and teacher probabilities differ in shape");
    }
    const torch::Tensor difference =
        toLossPrecision(studentProbabilities) - toLossPrecision(teacherProbabilities);
    return difference.pow(2).mean();
}

}  // namespace segloop
