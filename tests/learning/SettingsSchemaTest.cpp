#include "core/learning/training/SettingsSchema.h"

#include "core/Error.h"
#include "core/learning/training/SettingsText.h"

#include <gtest/gtest.h>

#include <set>

namespace segloop {
namespace {

std::string refusal(const std::function<void()>& give) {
    try {
        give();
    } catch (const Error& error) {
        return error.what();
    }
    return "(accepted)";
}

TEST(SettingsSchema, EveryFieldRoundTripsThroughTheTextAndKeepsItsRuleAtTheDefaults) {
    const TrainingSettings defaults;
    EXPECT_NO_THROW(checkTrainingSettings(defaults, "defaults"));
    std::set<std::string> keys;
    for (const SettingField& field : trainingSettingFields()) {
        EXPECT_TRUE(keys.insert(field.key).second) << field.key << " twice";
        EXPECT_TRUE(field.allowed(defaults)) << field.key;
        EXPECT_EQ(findTrainingSettingField(field.key), &field);
    }
    EXPECT_EQ(findTrainingSettingField("methods.no_such_key"), nullptr);
    TrainingSettings changed;
    changed.methodSettings.sgrsTau = 0.3;
    changed.methodSettings.sgrsMixMode = "blend";
    changed.bestCheckpointMinCases = 5;
    changed.sampler.patchSize = {40, 56, 24};
    const TrainingSettings back = settingsFromText(settingsToText(changed), "round trip");
    EXPECT_EQ(settingsToText(back), settingsToText(changed));
}

TEST(SettingsSchema, AnOutOfRangeValueIsRefusedWithTheKeyAndItsRangeWhereverItIsGiven) {
    const std::string expected =
        "setting methods.sgrs_tau = 0.7 is out of range: must be in [0, 0.5]";
    TrainingSettings bad;
    bad.methodSettings.sgrsTau = 0.7;
    const std::string checked = refusal([&] { checkTrainingSettings(bad, "form"); });
    EXPECT_NE(checked.find(expected), std::string::npos) << checked;
    EXPECT_NE(checked.find("form"), std::string::npos) << checked;
    // A file and `--set` give the same message.
    const std::string loaded = refusal([] {
        settingsFromText("method = sgrs\nmethods.sgrs_tau = 0.7\n", "run.settings");
    });
    EXPECT_NE(loaded.find(expected), std::string::npos) << loaded;
    EXPECT_NE(loaded.find("run.settings"), std::string::npos) << loaded;
    const std::string assigned = refusal(
        [] { settingsWithAssignments(TrainingSettings{}, "methods.sgrs_tau = 0.7", "--set"); });
    EXPECT_NE(assigned.find(expected), std::string::npos) << assigned;
}

TEST(SettingsSchema, AssignedKeysAreParsedNotSearched) {
    EXPECT_EQ(assignedSettingKeys(" sampler.patch_z = 8 ;network.levels=3\nseed = 2", "--set"),
              (std::vector<std::string>{"sampler.patch_z", "network.levels", "seed"}));
    // A value that merely mentions a key is no assignment of it.
    EXPECT_EQ(assignedSettingKeys("methods.quality_model_path = /m/network.levels", "--set"),
              (std::vector<std::string>{"methods.quality_model_path"}));
    EXPECT_THROW(assignedSettingKeys("sampler.patch_z 8", "--set"), Error);
}

TEST(SettingsSchema, ChoicesComeFromTheRegistriesAndRangesCoverEachKind) {
    TrainingSettings bad;
    bad.method = "fixmatch";
    const std::string method = refusal([&] { checkTrainingSettings(bad, "s"); });
    EXPECT_NE(method.find("must be one of supervised, mean-teacher, sgrs, buarl, quality-guided"),
              std::string::npos)
        << method;
    bad = TrainingSettings{};
    bad.methodSettings.qualityBaseMethod = "quality-guided";  // not a base for itself
    EXPECT_NE(refusal([&] { checkTrainingSettings(bad, "s"); }).find("quality_base_method"),
              std::string::npos);
    bad = TrainingSettings{};
    bad.methodSettings.buarlUncertainFraction = -0.1;
    EXPECT_NE(refusal([&] { checkTrainingSettings(bad, "s"); }).find("buarl_uncertain_fraction"),
              std::string::npos);
    bad = TrainingSettings{};
    bad.methodSettings.pseudoLabels = "oracle";
    EXPECT_NE(refusal([&] { checkTrainingSettings(bad, "s"); })
                  .find("methods.pseudo_labels = oracle is out of range: must be one of teacher, "
                        "reference"),
              std::string::npos);
    bad = TrainingSettings{};
    bad.methodSettings.sgrsPasteFraction = 1.5;
    EXPECT_NE(refusal([&] { checkTrainingSettings(bad, "s"); }).find("sgrs_paste_fraction"),
              std::string::npos);
    bad = TrainingSettings{};
    bad.iterations = 0;
    EXPECT_NE(refusal([&] { checkTrainingSettings(bad, "s"); }).find("setting iterations = 0"),
              std::string::npos);
    bad = TrainingSettings{};
    bad.network.dropout = 1.0;  // [0, 1): a dropout of 1 drops everything
    EXPECT_NE(refusal([&] { checkTrainingSettings(bad, "s"); }).find("must be in [0, 1)"),
              std::string::npos);
}

}  // namespace
}  // namespace segloop
