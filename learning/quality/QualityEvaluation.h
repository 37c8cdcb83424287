#pragma once

#include <string>
#include <vector>

#include "core/quality/QualityStatistics.h"
#include "learning/data/TrainingCase.h"
#include "learning/quality/QualityPredictor.h"

namespace segloop {

/// How well a quality predictor's Dice agrees with the true Dice on held-out cases.
struct QualityEvaluation {
    AgreementStatistics overall;                ///< over every (case, mask) pair
    std::vector<AgreementStatistics> perClass;  ///< foreground class c at index c - 1
    size_t cases = 0;
};

/// For each labelled case of `cases`: the fixed evaluationCorruptions(truth, classes, seed =
/// 1 + its position, mixed 8) of its label, predicted by `predictor`, compared with their true
/// Dice. Throws segloop::Error when no case is labelled. Runs LibTorch on the calling thread.
QualityEvaluation evaluateQualityPredictor(QualityPredictor& predictor, const TrainingCases& cases);

/// Lines for a terminal: "held-out ... Spearman 0.91  Pearson 0.93  MAE 0.061 ...".
std::string describeQualityEvaluation(const QualityEvaluation& evaluation);

}  // namespace segloop
