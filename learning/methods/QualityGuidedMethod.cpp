#include "core/Error.h"
#include "learning/methods/MethodSupport.h"
#include "learning/methods/QualityGuidance.h"
#include "learning/methods/SegmentationLosses.h"
#include "learning/quality/QualityPredictorImpl.h"

#include <optional>

namespace segloop {
namespace methods {
namespace {

/// Quality-guided SSL (Abhishek and Hamarneh, arXiv 2606.01753) on a mean-teacher or an SGRS
/// base (settings.qualityBaseMethod), with a frozen quality predictor g (QualityPredictor
/// checkpoint, settings.qualityModelPath):
///   y^_b = the base's hard pseudo-label of x_b (argmax teacher, or reference-guided labels)
///   q_b  = g([x_b, onehot(y^_b)])                       (no gradient)
///   w_b  = q_b^T [q_b >= tau]                            (PL-QW, T = 2, tau = 0.5)
///   l_b  = the base's unlabelled loss of sample b: mean-teacher mean_v (softmax f(x_b) - t_b)^2
///          (t_b: teacher softmax, or onehot y^_b with reference labels); sgrs L_pseudo(b)
///   L_QAR = 1 - mean_b g([x_b, softmax f(x_b)])          (gradient through g into f)
///   L = L_sup + w(t) sum_b w_b l_b / (sum_b w_b + 1e-8) + lambda(t) L_QAR
/// w(t): the base's exp ramp (meanTeacherWeight or sgrsWeight); lambda(t): 0 until
/// qualityRegularisationStart, then linear over qualityRegularisationRampLength to
/// qualityRegularisationWeight. parts: the base's, "unsupervised", "weight",
/// "qualityRegularisation", "qualityRegularisationWeight", "pseudoLabelQuality",
/// "pseudoLabelWeight".
class QualityGuidedMethod final : public TrainingMethod {
  public:
    explicit QualityGuidedMethod(const MethodSettings& settings) : settings_(settings) {
        if (settings.qualityBaseMethod != "mean-teacher" && settings.qualityBaseMethod != "sgrs") {
            throw Error(name(), "the base method must be mean-teacher or sgrs, not '" +
                                    settings.qualityBaseMethod + "'");
        }
        if (settings.qualityModelPath.empty()) {
            throw Error(name(),
                        "needs a trained quality predictor (qualityModelPath; segloop-cli "
                        "train-quality, or --quality-model PATH)");
        }
        predictor_ = QualityPredictor::load(settings.qualityModelPath, "cpu");
        QualityNetwork& network = predictor_->impl().network;
        network->eval();
        for (torch::Tensor& parameter : network->parameters()) {
            parameter.set_requires_grad(false);
        }
    }

    std::string name() const override { return "quality-guided"; }
    bool usesUnlabelled() const override { return true; }
    bool usesTeacher() const override { return true; }

    MethodLoss computeLoss(SegmentationNetwork& student, SegmentationNetwork* teacher,
                           const TrainingBatch& batch) override {
        checkBatch(batch, name());
        const bool sgrs = settings_.qualityBaseMethod == "sgrs";
        if (!hasUnlabelled(batch)) {
            return supervisedOnlyLoss(student, batch, settings_,
                                      sgrs && settings_.sgrsReferenceSupervisedDice);
        }
        PartsRecorder parts;
        const BaseTerms base = sgrs ? sgrsBase(student, teacher, batch, parts)
                                    : meanTeacherBase(student, teacher, batch, parts);
        const QualityFunction quality = qualityFunction(base.studentSoft);
        const auto& crop = predictor_->settings().cropSize;
        const torch::Tensor& images = batch.unlabelledImages;
        torch::Tensor pseudoQuality;
        {
            torch::NoGradGuard noGrad;
            const torch::Tensor hard = torch::one_hot(base.pseudoLabel, base.studentSoft.size(1))
                                           .movedim(-1, 1)
                                           .to(torch::kFloat);
            pseudoQuality = predictedQuality(quality, images, hard, crop);
        }
        const torch::Tensor weights = pseudoLabelWeights(
            pseudoQuality, settings_.qualityWeightTemperature, settings_.qualityWeightThreshold);
        const torch::Tensor unsupervised = weightedSampleMean(base.perSample, weights);
        const double lambda = delayedLinearRamp(
            batch.progress, settings_.qualityRegularisationStart,
            settings_.qualityRegularisationRampLength, settings_.qualityRegularisationWeight);
        torch::Tensor regularisation;
        if (lambda > 0) {
            regularisation = qualityRegularisationLoss(quality, images, base.studentSoft, crop);
        } else {
            torch::NoGradGuard noGrad;  // only reported before the ramp starts
            regularisation = qualityRegularisationLoss(quality, images, base.studentSoft, crop);
        }
        MethodLoss loss;
        loss.total = base.supervised + base.weight * unsupervised;
        if (lambda > 0) {
            loss.total = loss.total + lambda * regularisation;
        }
        parts.add("unsupervised", unsupervised);
        parts.add("weight", base.weight);
        parts.add("qualityRegularisation", regularisation);
        parts.add("qualityRegularisationWeight", lambda);
        parts.add("pseudoLabelQuality", pseudoQuality.mean());
        parts.add("pseudoLabelWeight", weights.mean());
        loss.parts = parts.finish();
        return loss;
    }

  private:
    /// What the base method gives the quality terms.
    struct BaseTerms {
        torch::Tensor supervised;   ///< L_sup
        torch::Tensor perSample;    ///< the unlabelled loss of each sample [Bu]
        torch::Tensor pseudoLabel;  ///< [Bu,Z,Y,X] int64
        torch::Tensor studentSoft;  ///< student softmax on x_u [Bu,K,Z,Y,X]
        double weight = 0;          ///< w(t)
    };

    BaseTerms meanTeacherBase(SegmentationNetwork& student, SegmentationNetwork* teacher,
                              const TrainingBatch& batch, PartsRecorder& parts) const {
        const int64_t labelled = batch.labelledImages.size(0);
        const torch::Tensor logits = studentLogits(student, batch, settings_);
        const SupervisedTerms supervised =
            supervisedTerms(logits.slice(0, 0, labelled), batch.labelledTargets, settings_);
        parts.addSupervised(supervised);
        const torch::Tensor noisy = addClippedNoise(
            batch.unlabelledImages, settings_.teacherNoiseStd, settings_.teacherNoiseClip);
        const TeacherTargets targets = teacherTargets(teacher, noisy, batch, settings_, name());
        BaseTerms base;
        base.supervised = supervised.loss;
        base.studentSoft = torch::softmax(toLossPrecision(logits.slice(0, labelled)), 1);
        base.perSample = (base.studentSoft - targets.probabilities).pow(2).flatten(1).mean(1);
        base.pseudoLabel = targets.labels;
        base.weight =
            rampUpWeight(batch.progress, settings_.rampUpFraction, settings_.meanTeacherWeight);
        return base;
    }

    BaseTerms sgrsBase(SegmentationNetwork& student, SegmentationNetwork* teacher,
                       const TrainingBatch& batch, PartsRecorder& parts) const {
        const SgrsTerms terms = sgrsTerms(student, teacher, batch, settings_, name(), parts);
        BaseTerms base;
        base.supervised = terms.supervised.loss;
        base.perSample = terms.pseudoPerSample;
        base.pseudoLabel = terms.pseudoLabel;
        base.studentSoft = terms.probsPlain;
        base.weight = rampUpWeight(batch.progress, settings_.rampUpFraction, settings_.sgrsWeight);
        return base;
    }

  private:
    /// The frozen predictor as a QualityFunction on the logits' device (moved there once).
    QualityFunction qualityFunction(const torch::Tensor& probabilities) {
        QualityNetwork& network = predictor_->impl().network;
        if (probabilities.size(1) != predictor_->settings().classes) {
            throw Error(name(), "the quality predictor was trained for " +
                                    std::to_string(predictor_->settings().classes) +
                                    " classes, the network has " +
                                    std::to_string(probabilities.size(1)));
        }
        if (!device_ || *device_ != probabilities.device()) {
            network->to(probabilities.device());
            device_ = probabilities.device();
        }
        return [network](const torch::Tensor& inputs) mutable { return network->forward(inputs); };
    }

    MethodSettings settings_;
    std::unique_ptr<QualityPredictor> predictor_;
    std::optional<torch::Device> device_;
};

}  // namespace

std::unique_ptr<TrainingMethod> makeQualityGuidedMethod(const MethodSettings& settings) {
    return std::make_unique<QualityGuidedMethod>(settings);
}

}  // namespace methods
}  // namespace segloop
