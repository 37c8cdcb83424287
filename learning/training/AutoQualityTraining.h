#pragma once

#include <functional>
#include <string>

#include "learning/data/TrainingCase.h"
#include "learning/quality/QualitySettings.h"
#include "learning/settings/TrainingSettings.h"
#include "learning/training/TrainingEvents.h"
#include "learning/training/TrainingOutcome.h"
#include "learning/training/TrainingService.h"

namespace segloop {

/// The quality predictor's settings for a run's automatic training: the run's classes,
/// normalisation, device, threads and seed; budget and size from `quality`.
QualitySettings autoQualitySettings(const AutoQualitySettings& quality,
                                    const TrainingSettings& training);

/// Trains a quality predictor at the end of a run, on the labelled cases of `train` and
/// `validation` (once each by id), with the outputs of the segmentation model saved at
/// `modelCheckpoint` on those cases and quality.replacedPseudoLabels (an unreadable one is
/// skipped and counted) as real masks, and writes it to
/// outputFolder/quality.pt. `onStep` is called after every step and returns false to stop
/// (then nothing is saved). Fills outcome.qualityCheckpoint and qualityMetrics, or
/// qualityNote with the reason nothing was trained. Runs on the calling thread (LibTorch).
void trainQualityAfterRun(const AutoQualitySettings& quality, const TrainingSettings& training,
                          const TrainingCases& train, const TrainingCases& validation,
                          const std::string& outputFolder,
                          const std::function<bool(const QualityTrainingProgress&)>& onStep,
                          TrainingOutcome& outcome);

}  // namespace segloop
