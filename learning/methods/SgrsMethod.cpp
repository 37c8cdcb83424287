#include "learning/methods/SgrsMethod.h"

#include "core/Error.h"
#include "learning/methods/CopyPasteMix.h"
#include "learning/methods/MethodSupport.h"
#include "learning/methods/SegmentationLosses.h"

#include <torch/types.h>

#include <vector>

namespace segloop {

torch::Tensor sampleMixCoefficients(int64_t count, double alpha, const torch::Device& device) {
    const torch::Tensor concentration =
        torch::full({count}, alpha, torch::TensorOptions().dtype(torch::kFloat).device(device));
    const torch::Tensor g1 = torch::_standard_gamma(concentration);
    const torch::Tensor g2 = torch::_standard_gamma(concentration);
    const torch::Tensor m = g1 / (g1 + g2).clamp_min(1e-30);
    return torch::max(m, 1.0 - m);
}

namespace methods {

/// SGRS-Net (Wang et al., MICCAI 2025), METHODS-NOTES §4.1-4.3:
///   y^ = argmax teacher(x_u + n) (or reference-guided labels, settings.pseudoLabels);
///   x_m = mu (x_u + n) + (1 - mu)(x_l[j] + n'),  j random
///     (sgrsMixMode "copy-paste": x_m = unmix of BCP's two box-pasted images, CopyPasteMix.h,
///     and L_sup gains sgrsPastedSupervisedWeight * L_sup(unmixed x_l[j] output, y_l[j]));
///   student forward on concat[x_l, x_u, x_m], x_u as studentView gives it;
///   regions from the student's own softmax (partitionRegions);
///   CE_u(f)  = mean_v[CE(f, y^) C] + mean_v[CE_eps(f, y^) D'];  eps = 0.2;
///   Dice_u   = 1/4 [SD_1(f_u; C') + SD_1(f_m; C') + SD_20(f_u; D') + SD_20(f_m; D')];
///   L_pseudo = 0.5 (Dice_u + 1/2 (CE_u(f_u) + CE_u(f_m))).
/// all per unlabelled sample b (the soft Dice per sample, as SoftDiceLoss(batch_dice=False));
/// their mean over b is the reference's batch value. D' multiplies each sample's own smoothed
/// CE (the per-sample reading of the reference's broadcast).
SgrsTerms sgrsTerms(SegmentationNetwork& student, SegmentationNetwork* teacher,
                    const TrainingBatch& batch, const MethodSettings& settings,
                    const std::string& method, PartsRecorder& parts) {
    const torch::Tensor& labelledImages = batch.labelledImages;
    const int64_t labelled = labelledImages.size(0);
    const int64_t unlabelled = batch.unlabelledImages.size(0);
    SgrsTerms terms;

    // §4.1 steps 2-3: pseudo-label from the noisy view, mix it with a random labelled image.
    const bool copyPaste = settings.sgrsMixMode == "copy-paste";
    torch::Tensor mixedImages, mix, partner;
    CopyPasteMix pasted;
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor noisy = addClippedNoise(
            batch.unlabelledImages, settings.teacherNoiseStd, settings.teacherNoiseClip);
        terms.pseudoLabel = teacherTargets(teacher, noisy, batch, settings, method).labels;
        partner = torch::randint(labelled, {unlabelled},
                                 torch::TensorOptions().dtype(torch::kLong).device(noisy.device()));
        const torch::Tensor noisyPartner =
            addClippedNoise(labelledImages.index_select(0, partner), settings.teacherNoiseStd,
                            settings.teacherNoiseClip);
        if (copyPaste) {
            const torch::Tensor box = randomBoxMasks(unlabelled, noisy, settings.sgrsPasteFraction);
            pasted = copyPasteMix(noisy, noisyPartner, box);
            mixedImages =
                torch::cat({pasted.labelledIntoUnlabelled, pasted.unlabelledIntoLabelled}, 0);
        } else {
            mix = sampleMixCoefficients(unlabelled, settings.sgrsMixAlpha, noisy.device());
            const torch::Tensor mu = mix.to(noisy.scalar_type()).view({unlabelled, 1, 1, 1, 1});
            mixedImages = mu * noisy + (1.0 - mu) * noisyPartner;
        }
    }

    // §4.1 step 4: one student forward on [x_l, x_u, x_m] (x_m: two images with copy-paste).
    const StudentView view = studentView(batch.unlabelledImages, settings);
    const torch::Tensor logits =
        student->forward(torch::cat({labelledImages, view.images, mixedImages}, 0));
    terms.supervised = supervisedTerms(logits.slice(0, 0, labelled), batch.labelledTargets,
                                       settings, settings.sgrsReferenceSupervisedDice);
    const torch::Tensor logitsPlain =
        view.toTeacherFrame(logits.slice(0, labelled, labelled + unlabelled));
    torch::Tensor logitsMixed = logits.slice(0, labelled + unlabelled);
    if (copyPaste) {
        // BCP: the mixed view of x_u, and the labelled partner's output in the mixed context,
        // supervised by its own label.
        const UnmixedOutputs unmixed = unmixCopyPaste(logitsMixed.slice(0, 0, unlabelled),
                                                      logitsMixed.slice(0, unlabelled), pasted.box);
        logitsMixed = unmixed.unlabelled;
        // At weight 0 (the default) the term is only reported: no graph, no backward through it.
        const bool superviseBox = settings.sgrsPastedSupervisedWeight > 0.0;
        const SupervisedTerms partnerTerms =
            supervisedTerms(superviseBox ? unmixed.labelled : unmixed.labelled.detach(),
                            batch.labelledTargets.index_select(0, partner), settings,
                            settings.sgrsReferenceSupervisedDice);
        parts.add("pastedSupervised", partnerTerms.loss);
        parts.add("pastedFraction", pasted.box.mean());
        if (superviseBox) {
            terms.supervised.loss =
                terms.supervised.loss + settings.sgrsPastedSupervisedWeight * partnerTerms.loss;
        }
    }
    terms.probsPlain = torch::softmax(toLossPrecision(logitsPlain), 1);
    const torch::Tensor probsMixed = torch::softmax(toLossPrecision(logitsMixed), 1);

    // §4.2 regions, §4.3 losses, per sample.
    const torch::Tensor& pseudoLabel = terms.pseudoLabel;
    const SgrsRegions regions = partitionRegions(terms.probsPlain, probsMixed, settings.sgrsTau);
    auto regionCe = [&](const torch::Tensor& viewLogits) {
        const torch::Tensor hard = crossEntropyPerVoxel(viewLogits, pseudoLabel);
        const torch::Tensor smoothed =
            crossEntropyPerVoxel(viewLogits, pseudoLabel, settings.sgrsLabelSmoothing);
        return (hard * regions.consistent).flatten(1).mean(1) +
               (smoothed * regions.reliableDivergent).flatten(1).mean(1);
    };
    const torch::Tensor pseudoCe = 0.5 * (regionCe(logitsPlain) + regionCe(logitsMixed));
    const bool background = settings.diceIncludeBackground;
    const double sC = settings.sgrsConsistentDiceSmooth;
    const double sD = settings.sgrsDivergentDiceSmooth;
    std::vector<torch::Tensor> diceOfSample;
    for (int64_t b = 0; b < unlabelled; ++b) {
        auto dice = [&](const torch::Tensor& probs, const torch::Tensor& mask, double smooth) {
            return softDiceLoss(probs.slice(0, b, b + 1), pseudoLabel.slice(0, b, b + 1),
                                mask.slice(0, b, b + 1), smooth, background);
        };
        diceOfSample.push_back(0.25 * (dice(terms.probsPlain, regions.reliableConsistent, sC) +
                                       dice(probsMixed, regions.reliableConsistent, sC) +
                                       dice(terms.probsPlain, regions.reliableDivergent, sD) +
                                       dice(probsMixed, regions.reliableDivergent, sD)));
    }
    const torch::Tensor pseudoDice = torch::stack(diceOfSample);
    terms.pseudoPerSample = 0.5 * (pseudoDice + pseudoCe);

    parts.addSupervised(terms.supervised);
    parts.add("pseudoCe", pseudoCe.mean());
    parts.add("pseudoDice", pseudoDice.mean());
    if (!copyPaste) {
        parts.add("mixCoefficient", mix.mean());
    }
    parts.add("consistent", fraction(regions.consistent));
    parts.add("divergent", fraction(regions.divergent));
    parts.add("ambiguous", fraction(regions.ambiguous));
    parts.add("reliableConsistent", fraction(regions.reliableConsistent));
    parts.add("reliableDivergent", fraction(regions.reliableDivergent));
    return terms;
}

namespace {

/// L = L_sup + w(t) mean_b L_pseudo(b) (sgrsTerms), L_sup = 0.5 (CE + Dice) on the labelled
/// part. parts: "supervised", "ce", "dice", "unsupervised", "pseudoCe", "pseudoDice", "weight",
/// "mixCoefficient" (blend) or "pastedSupervised" and "pastedFraction" (copy-paste), and the
/// fractions "consistent", "divergent", "ambiguous", "reliableConsistent", "reliableDivergent".
class SgrsMethod final : public TrainingMethod {
  public:
    explicit SgrsMethod(const MethodSettings& settings) : settings_(settings) {}

    std::string name() const override { return "sgrs"; }
    bool usesUnlabelled() const override { return true; }
    bool usesTeacher() const override { return true; }

    MethodLoss computeLoss(SegmentationNetwork& student, SegmentationNetwork* teacher,
                           const TrainingBatch& batch) override {
        checkBatch(batch, name());
        if (!hasUnlabelled(batch)) {
            return supervisedOnlyLoss(student, batch, settings_,
                                      settings_.sgrsReferenceSupervisedDice);
        }
        PartsRecorder parts;
        const SgrsTerms terms = sgrsTerms(student, teacher, batch, settings_, name(), parts);
        const torch::Tensor pseudo = terms.pseudoPerSample.mean();
        const double weight =
            rampUpWeight(batch.progress, settings_.rampUpFraction, settings_.sgrsWeight);
        parts.add("unsupervised", pseudo);
        parts.add("weight", weight);
        MethodLoss loss;
        loss.total = terms.supervised.loss + weight * pseudo;
        loss.parts = parts.finish();
        return loss;
    }

  private:
    MethodSettings settings_;
};

}  // namespace

MethodLoss supervisedOnlyLoss(SegmentationNetwork& student, const TrainingBatch& batch,
                              const MethodSettings& settings, bool referenceDice) {
    const torch::Tensor logits = student->forward(batch.labelledImages);
    const SupervisedTerms supervised =
        supervisedTerms(logits, batch.labelledTargets, settings, referenceDice);
    PartsRecorder parts;
    parts.addSupervised(supervised);
    parts.add("unsupervised", 0.0);
    parts.add("weight", 0.0);
    MethodLoss loss;
    loss.total = supervised.loss;
    loss.parts = parts.finish();
    return loss;
}

std::unique_ptr<TrainingMethod> makeSgrsMethod(const MethodSettings& settings) {
    return std::make_unique<SgrsMethod>(settings);
}

}  // namespace methods
}  // namespace segloop
