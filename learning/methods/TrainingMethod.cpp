#include "learning/methods/TrainingMethod.h"

#include "core/Error.h"
#include "learning/methods/MethodSupport.h"
#include "learning/methods/SegmentationLosses.h"

#include <torch/types.h>

#include <algorithm>
#include <cmath>

namespace segloop {

std::unique_ptr<TrainingMethod> makeTrainingMethod(const std::string& name,
                                                   const MethodSettings& settings) {
    // The settings' ranges are checked where they are given (checkTrainingSettings, the
    // training settings' one table); only what depends on the method is checked here.
    if (name == "mean-teacher") {
        return methods::makeMeanTeacherMethod(settings);
    }
    if (name == "sgrs") {
        return methods::makeSgrsMethod(settings);
    }
    if (name == "buarl" || name == "supervised") {
        if (settings.pseudoLabels == "reference") {
            throw Error("training method", name +
                                               " does not take reference pseudo-labels (use "
                                               "mean-teacher, sgrs or quality-guided)");
        }
    }
    if (name == "supervised") {
        return methods::makeSupervisedMethod(settings);
    }
    if (name == "buarl") {
        return methods::makeBuarlMethod(settings);
    }
    if (name == "quality-guided") {
        return methods::makeQualityGuidedMethod(settings);
    }
    std::string valid;
    for (const std::string& known : trainingMethodNames()) {
        valid += (valid.empty() ? "" : ", ") + known;
    }
    throw Error("training method", "unknown method '" + name + "' (valid: " + valid + ")");
}

double rampUpWeight(double progress, double rampUpFraction, double maxWeight) {
    if (rampUpFraction <= 0.0) {
        return maxWeight;
    }
    const double t = std::clamp(progress / rampUpFraction, 0.0, 1.0);
    return maxWeight * std::exp(-5.0 * (1.0 - t) * (1.0 - t));
}

namespace methods {

void checkBatch(const TrainingBatch& batch, const std::string& method) {
    const torch::Tensor& images = batch.labelledImages;
    const torch::Tensor& targets = batch.labelledTargets;
    if (!images.defined() || images.dim() != 5 || images.size(0) < 1) {
        throw Error(method, "the batch needs labelled images [Bl,C,Z,Y,X] with Bl >= 1");
    }
    if (!targets.defined() || targets.dim() != 4 || targets.scalar_type() != torch::kLong ||
        targets.size(0) != images.size(0) || targets.sizes().slice(1) != images.sizes().slice(2)) {
        throw Error(method, "labelled targets must be int64 [Bl,Z,Y,X] matching the images");
    }
    if (hasUnlabelled(batch)) {
        const torch::Tensor& unlabelled = batch.unlabelledImages;
        if (unlabelled.dim() != 5 || unlabelled.sizes().slice(1) != images.sizes().slice(1)) {
            throw Error(method, "unlabelled images must be [Bu,C,Z,Y,X] like the labelled ones");
        }
    }
}

bool hasUnlabelled(const TrainingBatch& batch) {
    return batch.unlabelledImages.defined() && batch.unlabelledImages.dim() > 0 &&
           batch.unlabelledImages.size(0) > 0;
}

torch::Tensor wholeBatchImages(const TrainingBatch& batch) {
    return hasUnlabelled(batch) ? torch::cat({batch.labelledImages, batch.unlabelledImages}, 0)
                                : batch.labelledImages;
}

torch::Tensor addClippedNoise(const torch::Tensor& images, double std, double clip) {
    if (std <= 0.0) {
        return images;
    }
    return images + (torch::randn_like(images) * std).clamp(-clip, clip);
}

torch::Tensor teacherProbabilities(SegmentationNetwork* teacher, const torch::Tensor& images,
                                   const std::string& method) {
    if (teacher == nullptr || teacher->is_empty()) {
        throw Error(method, "this method needs a teacher network");
    }
    torch::NoGradGuard noGrad;
    return torch::softmax(toLossPrecision((*teacher)->forward(images)), 1);
}

SupervisedTerms supervisedTerms(const torch::Tensor& logits, const torch::Tensor& targets,
                                const MethodSettings& settings, bool referenceDice) {
    const torch::Tensor ce = crossEntropyPerVoxel(logits, targets).mean();
    const torch::Tensor probabilities = torch::softmax(toLossPrecision(logits), 1);
    const torch::Tensor dice =
        referenceDice ? referenceDiceLoss(probabilities, targets)
                      : softDiceLoss(probabilities, targets, torch::Tensor(), settings.diceSmooth,
                                     settings.diceIncludeBackground);
    SupervisedTerms terms;
    terms.loss = settings.supervisedCeWeight * ce + settings.supervisedDiceWeight * dice;
    terms.ce = ce;
    terms.dice = dice;
    return terms;
}

void PartsRecorder::add(const std::string& name, const torch::Tensor& scalar) {
    names_.push_back(name);
    scalars_.push_back(scalar.detach().to(torch::kFloat).reshape({}));
}

void PartsRecorder::add(const std::string& name, double value) {
    values_[name] = value;
}

void PartsRecorder::addSupervised(const SupervisedTerms& terms) {
    add("supervised", terms.loss);
    add("ce", terms.ce);
    add("dice", terms.dice);
}

std::map<std::string, double> PartsRecorder::finish() const {
    std::map<std::string, double> parts = values_;
    if (!scalars_.empty()) {
        const torch::Tensor host = torch::stack(scalars_).to(torch::kCPU, torch::kDouble);
        const auto values = host.accessor<double, 1>();
        for (size_t n = 0; n < names_.size(); ++n) {
            parts[names_[n]] = values[static_cast<int64_t>(n)];
        }
    }
    return parts;
}

torch::Tensor fraction(const torch::Tensor& mask) {
    return mask.to(torch::kFloat).mean();
}

}  // namespace methods
}  // namespace segloop
