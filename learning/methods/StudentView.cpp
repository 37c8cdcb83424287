#include "learning/methods/MethodSupport.h"

#include <torch/types.h>

namespace segloop {
namespace methods {

StudentView studentView(const torch::Tensor& unlabelledImages, const MethodSettings& settings) {
    StudentView view;
    if (!settings.strongStudentView) {
        view.images = unlabelledImages;
        return view;
    }
    torch::NoGradGuard noGrad;
    const int64_t samples = unlabelledImages.size(0);
    const auto options = unlabelledImages.options();
    const double amount = settings.strongViewIntensity;
    // Per sample: contrast 1 + U(-a, a) and brightness U(-a, a), then voxel noise.
    const torch::Tensor contrast =
        1.0 + (torch::rand({samples, 1, 1, 1, 1}, options) * 2 - 1) * amount;
    const torch::Tensor brightness = (torch::rand({samples, 1, 1, 1, 1}, options) * 2 - 1) * amount;
    torch::Tensor images = unlabelledImages * contrast + brightness;
    if (settings.strongViewNoiseStd > 0) {
        images = images + torch::randn_like(images) * settings.strongViewNoiseStd;
    }
    if (!settings.strongViewFlips) {
        view.images = images;
        return view;
    }
    // The whole batch flipped along each spatial axis with p 0.5 (undone on the logits).
    const torch::Tensor coins = torch::rand({3}, torch::TensorOptions().dtype(torch::kFloat));
    for (int64_t axis = 0; axis < 3; ++axis) {
        if (coins[axis].item<float>() < 0.5f) {
            view.flippedDims.push_back(2 + axis);
        }
    }
    view.images = view.flippedDims.empty() ? images : images.flip(view.flippedDims);
    return view;
}

torch::Tensor StudentView::toTeacherFrame(const torch::Tensor& studentOutput) const {
    return flippedDims.empty() ? studentOutput : studentOutput.flip(flippedDims);
}

torch::Tensor studentLogits(SegmentationNetwork& student, const TrainingBatch& batch,
                            const MethodSettings& settings) {
    if (!hasUnlabelled(batch)) {
        return student->forward(batch.labelledImages);
    }
    const int64_t labelled = batch.labelledImages.size(0);
    const StudentView view = studentView(batch.unlabelledImages, settings);
    const torch::Tensor logits =
        student->forward(torch::cat({batch.labelledImages, view.images}, 0));
    if (view.flippedDims.empty()) {
        return logits;
    }
    return torch::cat(
        {logits.slice(0, 0, labelled), view.toTeacherFrame(logits.slice(0, labelled))}, 0);
}

}  // namespace methods
}  // namespace segloop
