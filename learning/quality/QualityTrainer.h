#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/image/LabelMap.h"
#include "learning/data/CaseMaskFile.h"
#include "learning/data/TrainingCase.h"
#include "learning/quality/QualityPredictor.h"
#include "learning/quality/QualitySettings.h"

namespace segloop {

class SegmentationModel;
class VolumeCache;
class RandomStream;

/// One training step of the quality predictor.
struct QualityStepReport {
    int64_t iteration = 0;
    double loss = 0, regression = 0, ranking = 0;
    double learningRate = 0;
    double secondsPerStep = 0;
    int64_t realMasks = 0;  ///< Samples of this step that were real model outputs.
};

/// Trains a QualityPredictor on labelled cases.
///
/// Each step draws settings.batchSize samples: a random labelled case, and either one of the
/// case's real model outputs (probability settings.realMaskProbability, when it has any) or a
/// mask corrupted on the fly (drawCorruptedMask); the target is its true Dice. Loss =
/// SmoothL1 + rankingWeight · pairwise ranking (QualityNetwork.h); AdamW; learning rate cosine
/// from learningRate to 1e-6 over settings.iterations. Cases come through a bounded VolumeCache.
/// One owner thread; cancel by not calling step() again.
class QualityTrainer {
  public:
    /// Throws segloop::Error when settings are invalid or no case is labelled.
    QualityTrainer(const QualitySettings& settings, const TrainingCases& cases);
    ~QualityTrainer();

    /// Hook for real imperfect masks: an output of some segmentation model for the training
    /// case `caseId` (ignored when the id is not a training case or the mask is not on its grid).
    /// Returns whether it was kept.
    bool addRealMask(const std::string& caseId, const LabelMap& mask);
    /// Runs `model` on every training case and adds its label maps as real masks; returns how
    /// many were added.
    size_t addModelPredictions(SegmentationModel& model);
    /// Reads each file and adds it as a real mask; returns how many were added. A file that
    /// cannot be read is skipped, and `problems` (when given) gets its error message.
    size_t addRealMaskFiles(const CaseMaskFiles& files,
                            std::vector<std::string>* problems = nullptr);
    size_t realMaskCount() const;

    QualityStepReport step();
    int64_t iteration() const { return iteration_; }
    QualityPredictor& predictor() { return *predictor_; }

  private:
    QualitySettings settings_;
    TrainingCases cases_;
    std::unique_ptr<QualityPredictor> predictor_;
    std::unique_ptr<VolumeCache> cache_;
    std::unique_ptr<RandomStream> random_;
    std::map<std::string, std::vector<LabelMap>> realMasks_;
    struct Optimiser;
    std::unique_ptr<Optimiser> optimiser_;
    int64_t iteration_ = 0;
};

}  // namespace segloop
