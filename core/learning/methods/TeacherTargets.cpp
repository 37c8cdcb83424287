#include "core/Error.h"
#include "core/learning/methods/MethodSupport.h"
#include "core/learning/methods/ReferenceLabels.h"
#include "core/learning/methods/SegmentationLosses.h"

#include <torch/types.h>

namespace segloop {
namespace methods {

TeacherTargets teacherTargets(SegmentationNetwork* teacher, const torch::Tensor& teacherInput,
                              const TrainingBatch& batch, const MethodSettings& settings,
                              const std::string& method) {
    TeacherTargets targets;
    if (settings.pseudoLabels != "reference") {
        targets.softmax = teacherProbabilities(teacher, teacherInput, method);
        targets.labels = targets.softmax.argmax(1);
        targets.probabilities = targets.softmax;
        return targets;
    }
    if (teacher == nullptr || teacher->is_empty()) {
        throw Error(method, "reference pseudo-labels need a teacher network");
    }
    torch::NoGradGuard noGrad;
    const auto [logits, features] = (*teacher)->forwardWithFeatures(teacherInput);
    targets.softmax = torch::softmax(toLossPrecision(logits), 1);
    const torch::Tensor labelledFeatures =
        (*teacher)->forwardWithFeatures(batch.labelledImages).second;
    const ReferenceBank bank =
        buildReferenceBank(labelledFeatures, batch.labelledTargets, settings.referenceMaxPerClass);
    targets.labels = referenceLabelMaps(features, bank, settings.referenceChunkSize);
    const int64_t classes = targets.softmax.size(1);
    targets.probabilities =
        torch::one_hot(targets.labels, classes).movedim(-1, 1).to(targets.softmax.scalar_type());
    return targets;
}

}  // namespace methods
}  // namespace segloop
