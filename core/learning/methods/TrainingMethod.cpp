#include "core/learning/methods/TrainingMethod.h"

#include "core/Error.h"
#include "core/learning/methods/MethodSupport.h"
#include "core/learning/methods/SegmentationLosses.h"

#include <torch/types.h>

#include <algorithm>
#include <cmath>

namespace segloop {
namespace {

void requireRange(double value, double low, double high, const std::string& name) {
    if (!(value >= low && value <= high)) {
        throw Error("method settings", name + " must be in [" + std::to_string(low) + ", " +
                                           std::to_string(high) + "], got " +
                                           std::to_string(value));
    }
}

void validateSettings(const MethodSettings& s) {
    requireRange(s.supervisedCeWeight, 0, 1e6, "supervisedCeWeight");
    requireRange(s.supervisedDiceWeight, 0, 1e6, "supervisedDiceWeight");
    requireRange(s.diceSmooth, 0, 1e6, "diceSmooth");
    requireRange(s.rampUpFraction, 0, 1, "rampUpFraction");
    requireRange(s.teacherNoiseStd, 0, 1e6, "teacherNoiseStd");
    requireRange(s.teacherNoiseClip, 0, 1e6, "teacherNoiseClip");
    requireRange(s.emaMaxDecay, 0, 1, "emaMaxDecay");
    requireRange(s.strongViewIntensity, 0, 1, "strongViewIntensity");
    requireRange(s.strongViewNoiseStd, 0, 1e3, "strongViewNoiseStd");
    requireRange(s.meanTeacherWeight, 0, 1e6, "meanTeacherWeight");
    requireRange(s.sgrsWeight, 0, 1e6, "sgrsWeight");
    requireRange(s.sgrsTau, 0, 0.5, "sgrsTau");
    requireRange(s.sgrsLabelSmoothing, 0, 1, "sgrsLabelSmoothing");
    requireRange(s.sgrsConsistentDiceSmooth, 0, 1e6, "sgrsConsistentDiceSmooth");
    requireRange(s.sgrsDivergentDiceSmooth, 0, 1e6, "sgrsDivergentDiceSmooth");
    requireRange(s.sgrsMixAlpha, 1e-3, 1e3, "sgrsMixAlpha");
    if (s.sgrsMixMode != "blend" && s.sgrsMixMode != "copy-paste") {
        throw Error("method settings",
                    "sgrsMixMode must be blend or copy-paste, got '" + s.sgrsMixMode + "'");
    }
    requireRange(s.sgrsPasteFraction, 1e-3, 1, "sgrsPasteFraction");
    requireRange(s.sgrsPastedSupervisedWeight, 0, 1e6, "sgrsPastedSupervisedWeight");
    requireRange(s.buarlWeight, 0, 1e6, "buarlWeight");
    requireRange(s.buarlUncertainFraction, 0, 1, "buarlUncertainFraction");
    requireRange(s.buarlUrlWeight, 0, 1e6, "buarlUrlWeight");
    requireRange(s.buarlConfidentThreshold, 0, 1, "buarlConfidentThreshold");
    if (s.pseudoLabels != "teacher" && s.pseudoLabels != "reference") {
        throw Error("method settings",
                    "pseudoLabels must be teacher or reference, got '" + s.pseudoLabels + "'");
    }
    requireRange(double(s.referenceMaxPerClass), 1, 1e9, "referenceMaxPerClass");
    requireRange(double(s.referenceChunkSize), 1, 1e9, "referenceChunkSize");
    requireRange(s.qualityRegularisationWeight, 0, 1e6, "qualityRegularisationWeight");
    requireRange(s.qualityRegularisationStart, 0, 1, "qualityRegularisationStart");
    requireRange(s.qualityRegularisationRampLength, 0, 1, "qualityRegularisationRampLength");
    requireRange(s.qualityWeightTemperature, 0, 1e3, "qualityWeightTemperature");
    requireRange(s.qualityWeightThreshold, 0, 1, "qualityWeightThreshold");
}

}  // namespace

std::vector<std::string> trainingMethodNames() {
    return {"supervised", "mean-teacher", "sgrs", "buarl", "quality-guided"};
}

std::unique_ptr<TrainingMethod> makeTrainingMethod(const std::string& name,
                                                   const MethodSettings& settings) {
    validateSettings(settings);
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
