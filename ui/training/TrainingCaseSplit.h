#pragma once

#include "core/learning/data/TrainingCase.h"

namespace segloop::ui {

/// Splits a project's cases as `segloop-cli train` does: unlabelled cases train (unlabelled
/// branch); of the labelled ones, 20% (at least one) validate when there are five or more,
/// otherwise the labelled cases both train and validate.
void splitTrainingCases(const TrainingCases& all, TrainingCases& train, TrainingCases& validation);

}  // namespace segloop::ui
