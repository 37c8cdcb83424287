#include "learning/training/CheckpointChoice.h"

#include <cstdio>

namespace segloop {
namespace {

std::string dice(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", value);
    return text;
}

std::string cases(size_t count) {
    return std::to_string(count) + (count == 1 ? " validation case" : " validation cases");
}

}  // namespace

bool choosesBestCheckpoint(const TrainingSettings& settings, size_t validationCases) {
    return settings.bestCheckpointMinCases <= 1 ||
           validationCases >= size_t(settings.bestCheckpointMinCases);
}

std::string describeCheckpointChoice(const TrainingSettings& settings, size_t validationCases,
                                     const TrainingOutcome& outcome) {
    if (outcome.lastValidationDice < 0)
        return "";
    if (!outcome.bestCheckpoint.empty()) {
        return "kept the best weights on " + cases(validationCases) + " (validation Dice " +
               dice(outcome.bestValidationDice) + ")";
    }
    std::string line = "kept the last weights (validation Dice " + dice(outcome.lastValidationDice);
    if (outcome.bestValidationDice >= 0)
        line += ", best " + dice(outcome.bestValidationDice);
    line += ")";
    if (!choosesBestCheckpoint(settings, validationCases)) {
        line += ": " + cases(validationCases) + (validationCases == 1 ? " is" : " are") +
                " too few to choose the best by (fewer than " +
                std::to_string(settings.bestCheckpointMinCases) + ")";
    }
    return line;
}

}  // namespace segloop
