#include "workflow/TrainingCaseSplit.h"

#include <algorithm>

namespace segloop {

void splitTrainingCases(const TrainingCases& all, size_t labelledLimit, TrainingCases& train,
                        TrainingCases& validation) {
    TrainingCases labelled;
    for (const TrainingCase& c : all) {
        (c.labelled() ? labelled : train).push_back(c);
    }
    if (labelledLimit > 0 && labelledLimit < labelled.size()) {
        for (size_t n = labelledLimit; n < labelled.size(); ++n) {
            TrainingCase hidden = labelled[n];
            hidden.labelPath.clear();
            train.push_back(hidden);
        }
        labelled.resize(labelledLimit);
    }
    const size_t held = labelled.size() >= 5 ? std::max<size_t>(1, labelled.size() / 5) : 0;
    validation.assign(labelled.end() - long(held), labelled.end());
    train.insert(train.end(), labelled.begin(), labelled.end() - long(held));
    if (held == 0)
        validation = labelled;
}

}  // namespace segloop
