#include "learning/training/CheckpointChoice.h"

#include <gtest/gtest.h>

namespace segloop {
namespace {

TrainingOutcome validatedOutcome(bool bestSaved) {
    TrainingOutcome outcome;
    outcome.bestValidationDice = 0.86;
    outcome.lastValidationDice = 0.84;
    if (bestSaved)
        outcome.bestCheckpoint = "run/best.pt";
    outcome.latestCheckpoint = "run/latest.pt";
    return outcome;
}

TEST(CheckpointChoice, TooFewValidationCasesKeepTheLastWeights) {
    const TrainingSettings settings;  // the default: the best only from 3 cases on
    EXPECT_FALSE(choosesBestCheckpoint(settings, 0));
    EXPECT_FALSE(choosesBestCheckpoint(settings, 1));
    EXPECT_FALSE(choosesBestCheckpoint(settings, 2));
    EXPECT_TRUE(choosesBestCheckpoint(settings, 3));
    EXPECT_TRUE(choosesBestCheckpoint(settings, 40));
    const TrainingOutcome outcome = validatedOutcome(false);
    EXPECT_EQ(outcome.modelCheckpoint(), "run/latest.pt");
    EXPECT_EQ(describeCheckpointChoice(settings, 1, outcome),
              "kept the last weights (validation Dice 0.8400, best 0.8600): 1 validation case "
              "is too few to choose the best by (fewer than 3)");
}

TEST(CheckpointChoice, EnoughCasesOrAThresholdOfOneKeepTheBest) {
    TrainingSettings settings;
    const TrainingOutcome outcome = validatedOutcome(true);
    EXPECT_EQ(outcome.modelCheckpoint(), "run/best.pt");
    EXPECT_EQ(describeCheckpointChoice(settings, 5, outcome),
              "kept the best weights on 5 validation cases (validation Dice 0.8600)");
    settings.bestCheckpointMinCases = 1;
    EXPECT_TRUE(choosesBestCheckpoint(settings, 1));
    settings.bestCheckpointMinCases = 0;
    EXPECT_TRUE(choosesBestCheckpoint(settings, 0));
}

TEST(CheckpointChoice, NoValidationSaysNothing) {
    EXPECT_EQ(describeCheckpointChoice(TrainingSettings{}, 1, TrainingOutcome{}), "");
}

}  // namespace
}  // namespace segloop
