#include "core/Error.h"
#include "core/learning/methods/MethodSupport.h"
#include "core/learning/methods/QualityGuidance.h"
#include "core/learning/methods/SegmentationLosses.h"
#include "core/learning/quality/QualityPredictorImpl.h"

#include <optional>

namespace segloop {
namespace methods {
namespace {

/// Quality-guided SSL (Abhishek and Hamarneh, arXiv 2606.01753) on a mean-teacher base, with
/// a frozen quality predictor g (QualityPredictor checkpoint, settings.qualityModelPath):
///   y^_b = hard pseudo-label of the teacher on x_b + n (argmax, or reference-guided labels)
///   q_b  = g([x_b, onehot(y^_b)])                       (no gradient)
///   w_b  = q_b^T [q_b >= tau]                            (PL-QW, T = 2, tau = 0.5)
///   l_b  = mean_v (softmax f(x_b) - t_b)^2               (t_b: teacher softmax / onehot y^_b)
///   L_QAR = 1 - mean_b g([x_b, softmax f(x_b)])          (gradient through g into f)
///   L = L_sup + w(t) sum_b w_b l_b / (sum_b w_b + 1e-8) + lambda(t) L_QAR
/// w(t): the mean-teacher exp ramp to meanTeacherWeight; lambda(t): 0 until
/// qualityRegularisationStart, then linear over qualityRegularisationRampLength to
/// qualityRegularisationWeight. parts: "supervised", "ce", "dice", "unsupervised", "weight",
/// "qualityRegularisation", "qualityRegularisationWeight", "pseudoLabelQuality",
/// "pseudoLabelWeight".
class QualityGuidedMethod final : public TrainingMethod {
public:
    explicit QualityGuidedMethod(const MethodSettings& settings) : settings_(settings) {
        if (settings.qualityModelPath.empty()) {
            throw Error(name(), "needs a trained quality predictor (qualityModelPath; segloop-cli "
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
        const int64_t labelled = batch.labelledImages.size(0);
        const torch::Tensor logits = student->forward(wholeBatchImages(batch));
        const SupervisedTerms supervised =
            supervisedTerms(logits.slice(0, 0, labelled), batch.labelledTargets, settings_);
        PartsRecorder parts;
        parts.addSupervised(supervised);
        MethodLoss loss;
        loss.total = supervised.loss;
        if (!hasUnlabelled(batch)) {
            parts.add("unsupervised", 0.0);
            parts.add("weight", 0.0);
            loss.parts = parts.finish();
            return loss;
        }
        const QualityFunction quality = qualityFunction(logits);
        const auto& crop = predictor_->settings().cropSize;
        const torch::Tensor& images = batch.unlabelledImages;
        const torch::Tensor noisy =
            addClippedNoise(images, settings_.teacherNoiseStd, settings_.teacherNoiseClip);
        const TeacherTargets targets = teacherTargets(teacher, noisy, batch, settings_, name());

        torch::Tensor pseudoQuality;
        {
            torch::NoGradGuard noGrad;
            const int64_t classes = logits.size(1);
            const torch::Tensor hard =
                torch::one_hot(targets.labels, classes).movedim(-1, 1).to(torch::kFloat);
            pseudoQuality = predictedQuality(quality, images, hard, crop);
        }
        const torch::Tensor weights = pseudoLabelWeights(
            pseudoQuality, settings_.qualityWeightTemperature, settings_.qualityWeightThreshold);
        const torch::Tensor studentSoft =
            torch::softmax(toLossPrecision(logits.slice(0, labelled)), 1);
        const torch::Tensor perSample =
            (studentSoft - targets.probabilities).pow(2).flatten(1).mean(1);
        const torch::Tensor consistency = weightedSampleMean(perSample, weights);
        const double weight =
            rampUpWeight(batch.progress, settings_.rampUpFraction, settings_.meanTeacherWeight);

        const double lambda = delayedLinearRamp(batch.progress, settings_.qualityRegularisationStart,
                                                settings_.qualityRegularisationRampLength,
                                                settings_.qualityRegularisationWeight);
        torch::Tensor regularisation;
        if (lambda > 0) {
            regularisation = qualityRegularisationLoss(quality, images, studentSoft, crop);
        } else {
            torch::NoGradGuard noGrad;  // only reported before the ramp starts
            regularisation = qualityRegularisationLoss(quality, images, studentSoft, crop);
        }
        loss.total = loss.total + weight * consistency;
        if (lambda > 0) {
            loss.total = loss.total + lambda * regularisation;
        }
        parts.add("unsupervised", consistency);
        parts.add("weight", weight);
        parts.add("qualityRegularisation", regularisation);
        parts.add("qualityRegularisationWeight", lambda);
        parts.add("pseudoLabelQuality", pseudoQuality.mean());
        parts.add("pseudoLabelWeight", weights.mean());
        loss.parts = parts.finish();
        return loss;
    }

private:
    /// The frozen predictor as a QualityFunction on the logits' device (moved there once).
    QualityFunction qualityFunction(const torch::Tensor& logits) {
        QualityNetwork& network = predictor_->impl().network;
        if (logits.size(1) != predictor_->settings().classes) {
            throw Error(name(), "the quality predictor was trained for " +
                                    std::to_string(predictor_->settings().classes) +
                                    " classes, the network has " + std::to_string(logits.size(1)));
        }
        if (!device_ || *device_ != logits.device()) {
            network->to(logits.device());
            device_ = logits.device();
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
