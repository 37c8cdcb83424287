#include "learning/methods/MethodSupport.h"

#include <torch/types.h>

namespace segloop {
namespace methods {
namespace {

/// Labelled data only: L = ceWeight * CE + diceWeight * soft Dice (defaults 0.5 / 0.5).
/// parts: "supervised", "ce", "dice".
class SupervisedMethod final : public TrainingMethod {
  public:
    explicit SupervisedMethod(const MethodSettings& settings) : settings_(settings) {}

    std::string name() const override { return "supervised"; }
    bool usesUnlabelled() const override { return false; }
    bool usesTeacher() const override { return false; }

    MethodLoss computeLoss(SegmentationNetwork& student, SegmentationNetwork* /*teacher*/,
                           const TrainingBatch& batch) override {
        checkBatch(batch, name());
        const torch::Tensor logits = student->forward(batch.labelledImages);
        const SupervisedTerms supervised =
            supervisedTerms(logits, batch.labelledTargets, settings_);
        PartsRecorder parts;
        parts.addSupervised(supervised);
        MethodLoss loss;
        loss.total = supervised.loss;
        loss.parts = parts.finish();
        return loss;
    }

  private:
    MethodSettings settings_;
};

}  // namespace

std::unique_ptr<TrainingMethod> makeSupervisedMethod(const MethodSettings& settings) {
    return std::make_unique<SupervisedMethod>(settings);
}

}  // namespace methods
}  // namespace segloop
