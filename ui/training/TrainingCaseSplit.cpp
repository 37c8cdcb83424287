#include "ui/training/TrainingCaseSplit.h"

#include <algorithm>

namespace segloop::ui {

void splitTrainingCases(const TrainingCases& all, TrainingCases& train, TrainingCases& validation) {
    TrainingCases labelled;
    for (const TrainingCase& c : all) {
        (c.labelled() ? labelled : train).push_back(c);
    }
    const size_t held = labelled.size() >= 5 ? std::max<size_t>(1, labelled.size() / 5) : 0;
    validation.assign(labelled.end() - long(held), labelled.end());
    train.insert(train.end(), labelled.begin(), labelled.end() - long(held));
    if (held == 0)
        validation = labelled;
}

}  // namespace segloop::ui
