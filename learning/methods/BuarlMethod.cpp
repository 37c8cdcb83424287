#include "learning/methods/BuarlMethod.h"

#include "core/Error.h"
#include "learning/methods/MethodSupport.h"
#include "learning/methods/SegmentationLosses.h"

#include <torch/types.h>

#include <cmath>

namespace segloop {

torch::Tensor highUncertaintyMask(const torch::Tensor& entropy, double fraction) {
    if (!(fraction >= 0.0 && fraction <= 1.0) || entropy.dim() < 1) {
        throw Error("high-uncertainty mask", "fraction must be in [0, 1] and entropy [B,...]");
    }
    const torch::Tensor flat = entropy.detach().flatten(1);  // [B, N]
    const int64_t voxels = flat.size(1);
    const auto count = static_cast<int64_t>(std::llround(fraction * static_cast<double>(voxels)));
    torch::Tensor mask = torch::zeros_like(flat, flat.options().dtype(torch::kFloat));
    if (count > 0) {
        const torch::Tensor indices = std::get<1>(flat.topk(count, 1));
        mask.scatter_(1, indices, 1.0);
    }
    return mask.view(entropy.sizes());
}

torch::Tensor confidentMask(const torch::Tensor& entropy, double threshold) {
    return (entropy.detach() < threshold).to(torch::kFloat);
}

namespace methods {
namespace {

/// BUARL, the METHODS-NOTES §1.3 proposal (BUAR paper: abstract only). H = normalisedEntropy
/// of the teacher softmax (teacher input with the mean-teacher noise):
///   labelled:   L_sup + beta L_URL,  L_URL = maskedMean(CE, U_hi) + SD(p, y; U_hi),
///               U_hi = top-rho H per image (rho 0.2, beta 0.5)
///   unlabelled: L_CRL = maskedMean(CE(f_u, y^), M) + SD(p_u, y^; M),
///               y^ = argmax teacher, M = [H < tau_lo] (0.5)
///   L = L_sup + beta L_URL + w(t) L_CRL,  w = lambda_max ramp (1)
/// One student and one teacher forward, each on concat[labelled, unlabelled]. parts:
/// "supervised", "ce", "dice", "url", "unsupervised", "weight", "highUncertain",
/// "confident", "entropyUnlabelled".
class BuarlMethod final : public TrainingMethod {
  public:
    explicit BuarlMethod(const MethodSettings& settings) : settings_(settings) {}

    std::string name() const override { return "buarl"; }
    bool usesUnlabelled() const override { return true; }
    bool usesTeacher() const override { return true; }

    MethodLoss computeLoss(SegmentationNetwork& student, SegmentationNetwork* teacher,
                           const TrainingBatch& batch) override {
        checkBatch(batch, name());
        const int64_t labelled = batch.labelledImages.size(0);
        const bool withUnlabelled = hasUnlabelled(batch);
        const torch::Tensor input = wholeBatchImages(batch);
        const torch::Tensor teacherSoft = teacherProbabilities(
            teacher, addClippedNoise(input, settings_.teacherNoiseStd, settings_.teacherNoiseClip),
            name());
        const torch::Tensor entropy = normalisedEntropy(teacherSoft);  // [B,Z,Y,X]
        const torch::Tensor logits = studentLogits(student, batch, settings_);
        const torch::Tensor probs = torch::softmax(toLossPrecision(logits), 1);

        // Labelled: everything, plus the hardest voxels once more (URL).
        const torch::Tensor labelledLogits = logits.slice(0, 0, labelled);
        const torch::Tensor& targets = batch.labelledTargets;
        const SupervisedTerms supervised = supervisedTerms(labelledLogits, targets, settings_);
        const torch::Tensor hard =
            highUncertaintyMask(entropy.slice(0, 0, labelled), settings_.buarlUncertainFraction);
        const torch::Tensor url =
            regionLoss(labelledLogits, probs.slice(0, 0, labelled), targets, hard);
        torch::Tensor total = supervised.loss + settings_.buarlUrlWeight * url;

        PartsRecorder parts;
        parts.addSupervised(supervised);
        parts.add("url", url);
        parts.add("highUncertain", fraction(hard));
        if (withUnlabelled) {
            // Unlabelled: only where the teacher is confident (CRL).
            const torch::Tensor entropyU = entropy.slice(0, labelled);
            const torch::Tensor pseudoLabel = teacherSoft.slice(0, labelled).argmax(1);
            const torch::Tensor confident =
                confidentMask(entropyU, settings_.buarlConfidentThreshold);
            const torch::Tensor crl =
                settings_.buarlUnlabelledDice
                    ? regionLoss(logits.slice(0, labelled), probs.slice(0, labelled), pseudoLabel,
                                 confident)
                    : maskedMean(crossEntropyPerVoxel(logits.slice(0, labelled), pseudoLabel),
                                 confident);
            const double weight =
                rampUpWeight(batch.progress, settings_.rampUpFraction, settings_.buarlWeight);
            total = total + weight * crl;
            parts.add("unsupervised", crl);
            parts.add("weight", weight);
            parts.add("confident", fraction(confident));
            parts.add("entropyUnlabelled", entropyU.mean());
        } else {
            parts.add("unsupervised", 0.0);
            parts.add("weight", 0.0);
        }
        MethodLoss loss;
        loss.parts = parts.finish();
        loss.total = total;
        return loss;
    }

  private:
    /// maskedMean(CE) + masked soft Dice against `target` on `mask`.
    torch::Tensor regionLoss(const torch::Tensor& logits, const torch::Tensor& probs,
                             const torch::Tensor& target, const torch::Tensor& mask) const {
        return maskedMean(crossEntropyPerVoxel(logits, target), mask) +
               softDiceLoss(probs, target, mask, settings_.diceSmooth,
                            settings_.diceIncludeBackground);
    }

    MethodSettings settings_;
};

}  // namespace

std::unique_ptr<TrainingMethod> makeBuarlMethod(const MethodSettings& settings) {
    return std::make_unique<BuarlMethod>(settings);
}

}  // namespace methods
}  // namespace segloop
