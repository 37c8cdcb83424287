#pragma once

#include "learning/network/SegmentationNetwork.h"
#include "learning/settings/MethodNames.h"
#include "learning/settings/MethodSettings.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace segloop {

/// One training step's data. Labelled and unlabelled parts are separate tensors on the same
/// device (the trainer's); the methods concatenate them for one student forward pass.
struct TrainingBatch {
    torch::Tensor labelledImages;    ///< [Bl,C,Z,Y,X] float
    torch::Tensor labelledTargets;   ///< [Bl,Z,Y,X] int64
    torch::Tensor unlabelledImages;  ///< [Bu,C,Z,Y,X] float; undefined/empty for supervised
    double progress = 0;             ///< training progress t in [0,1] (iteration / total)
    int64_t iteration = 0;
};

/// A step's loss: `total` to back-propagate, and plain numbers for logging ("supervised",
/// "unsupervised", "weight", region fractions, ...; names listed with each method).
struct MethodLoss {
    torch::Tensor total;
    std::map<std::string, double> parts;
};

/// A semi-supervised (or supervised) training strategy: turns a batch into a loss. Stateless
/// between steps apart from its settings; the trainer owns the networks, the optimiser and
/// the EMA update of the teacher.
class TrainingMethod {
  public:
    virtual ~TrainingMethod() = default;
    /// The name makeTrainingMethod() knows it by.
    virtual std::string name() const = 0;
    /// Whether batches need unlabelled images (supervised: false).
    virtual bool usesUnlabelled() const = 0;
    /// Whether computeLoss needs the EMA teacher (mean-teacher, sgrs, buarl: true).
    virtual bool usesTeacher() const = 0;
    /// Student forward passes + loss. The teacher (may be null when !usesTeacher) is in eval
    /// mode; it is run under NoGradGuard here, so no gradient reaches it. Throws segloop::Error
    /// for a batch without labelled images.
    virtual MethodLoss computeLoss(SegmentationNetwork& student, SegmentationNetwork* teacher,
                                   const TrainingBatch& batch) = 0;
};

/// "supervised", "mean-teacher", "sgrs", "buarl" or "quality-guided" (which loads the quality
/// predictor of settings.qualityModelPath); throws segloop::Error listing the valid
/// names for another name, and for settings out of range.
std::unique_ptr<TrainingMethod> makeTrainingMethod(const std::string& name,
                                                   const MethodSettings& settings);

/// The ramp w(t) = maxWeight * exp(-5 (1 - min(t / rampUpFraction, 1))^2) for progress t in
/// [0, 1] (continuous form of SSL4MIS/SGRS `sigmoid_rampup`); maxWeight when
/// rampUpFraction <= 0.
double rampUpWeight(double progress, double rampUpFraction, double maxWeight);

}  // namespace segloop
