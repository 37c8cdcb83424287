#include "learning/methods/MethodSupport.h"
#include "learning/methods/SegmentationLosses.h"

#include <torch/types.h>

namespace segloop {
namespace methods {
namespace {

/// Mean teacher (Tarvainen & Valpola 2017; 3D setting of SSL4MIS train_mean_teacher_3D.py):
///   L = L_sup(labelled) + w(t) * mean((softmax f_s(x_u) - softmax f_t(x_u + n))^2)
/// with n = clamp(N(0, 0.1^2), -0.2, 0.2) and w(t) = meanTeacherWeight * ramp(t).
/// With settings.pseudoLabels "reference" the teacher's softmax is replaced by the one-hot of
/// the reference-guided labels (TeacherTargets). One student forward on concat[labelled,
/// unlabelled], the unlabelled part as studentView gives it (settings.strongStudentView).
/// Without unlabelled images the step is
/// supervised only. parts: "supervised", "ce", "dice", "unsupervised", "weight".
class MeanTeacherMethod final : public TrainingMethod {
  public:
    explicit MeanTeacherMethod(const MethodSettings& settings) : settings_(settings) {}

    std::string name() const override { return "mean-teacher"; }
    bool usesUnlabelled() const override { return true; }
    bool usesTeacher() const override { return true; }

    MethodLoss computeLoss(SegmentationNetwork& student, SegmentationNetwork* teacher,
                           const TrainingBatch& batch) override {
        checkBatch(batch, name());
        const int64_t labelled = batch.labelledImages.size(0);
        const bool withUnlabelled = hasUnlabelled(batch);
        const torch::Tensor logits = studentLogits(student, batch, settings_);
        const SupervisedTerms supervised =
            supervisedTerms(logits.slice(0, 0, labelled), batch.labelledTargets, settings_);

        PartsRecorder parts;
        parts.addSupervised(supervised);
        MethodLoss loss;
        loss.total = supervised.loss;
        if (!withUnlabelled) {
            parts.add("unsupervised", 0.0);
            parts.add("weight", 0.0);
            loss.parts = parts.finish();
            return loss;
        }
        const torch::Tensor noisy = addClippedNoise(
            batch.unlabelledImages, settings_.teacherNoiseStd, settings_.teacherNoiseClip);
        const torch::Tensor teacherSoft =
            teacherTargets(teacher, noisy, batch, settings_, name()).probabilities;
        const torch::Tensor studentSoft =
            torch::softmax(toLossPrecision(logits.slice(0, labelled)), 1);
        const torch::Tensor consistency = softmaxMse(studentSoft, teacherSoft);
        const double weight =
            rampUpWeight(batch.progress, settings_.rampUpFraction, settings_.meanTeacherWeight);
        loss.total = loss.total + weight * consistency;
        parts.add("unsupervised", consistency);
        parts.add("weight", weight);
        loss.parts = parts.finish();
        return loss;
    }

  private:
    MethodSettings settings_;
};

}  // namespace

std::unique_ptr<TrainingMethod> makeMeanTeacherMethod(const MethodSettings& settings) {
    return std::make_unique<MeanTeacherMethod>(settings);
}

}  // namespace methods
}  // namespace segloop
