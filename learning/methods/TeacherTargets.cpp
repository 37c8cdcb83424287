#include "core/Error.h"
#include "learning/methods/MethodSupport.h"
#include "learning/methods/ReferenceLabels.h"
#include "learning/methods/SegmentationLosses.h"

#include <torch/types.h>

#include <array>
#include <vector>

namespace segloop {
namespace methods {
namespace {

/// Teacher softmax of `images` averaged over the 8 flips of the spatial axes (dims 2-4), each
/// flipped back onto the input's voxels. One forward over the 8 views (InstanceNorm: the views
/// do not share statistics).
torch::Tensor flipAveragedProbabilities(SegmentationNetwork* teacher, const torch::Tensor& images,
                                        const std::string& method) {
    const std::array<std::vector<int64_t>, 8> flips = {
        {{}, {2}, {3}, {4}, {2, 3}, {2, 4}, {3, 4}, {2, 3, 4}}};
    std::vector<torch::Tensor> views;
    for (const auto& dims : flips) {
        views.push_back(dims.empty() ? images : images.flip(dims));
    }
    const std::vector<torch::Tensor> probabilities =
        teacherProbabilities(teacher, torch::cat(views, 0), method).chunk(int64_t(flips.size()));
    torch::Tensor sum = probabilities[0].clone();
    for (size_t n = 1; n < flips.size(); ++n) {
        sum += probabilities[n].flip(flips[n]);
    }
    return sum / double(flips.size());
}

}  // namespace

TeacherTargets teacherTargets(SegmentationNetwork* teacher, const torch::Tensor& teacherInput,
                              const TrainingBatch& batch, const MethodSettings& settings,
                              const std::string& method) {
    TeacherTargets targets;
    if (settings.pseudoLabels != "reference") {
        targets.softmax = settings.teacherFlipAverage
                              ? flipAveragedProbabilities(teacher, teacherInput, method)
                              : teacherProbabilities(teacher, teacherInput, method);
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
