#pragma once

#include <cstddef>

#include "learning/data/TrainingCase.h"

namespace segloop {

/// The one split of a project's cases for training, used by `segloop-cli train` and the window:
/// unlabelled cases train (unlabelled branch); when `labelledLimit` > 0 only the first
/// `labelledLimit` labelled cases keep their labels (the others train as unlabelled); of the
/// labelled ones, 20% (at least one) validate when there are five or more, otherwise the
/// labelled cases both train and validate.
void splitTrainingCases(const TrainingCases& all, size_t labelledLimit, TrainingCases& train,
                        TrainingCases& validation);

}  // namespace segloop
