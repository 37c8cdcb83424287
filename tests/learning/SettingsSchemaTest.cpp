#include "learning/settings/SettingsSchema.h"

#include "core/Error.h"
#include "learning/quality/QualitySettings.h"
#include "learning/settings/SettingsText.h"
#include "learning/settings/TrainingPresets.h"
#include "support/SettingSamples.h"
#include "support/TestPaths.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
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
    const std::string loaded = refusal(
        [] { settingsFromText("method = sgrs\nmethods.sgrs_tau = 0.7\n", "run.settings"); });
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

TEST(SettingsSchema, EveryFieldSaysWhatItIsAndAnotherAllowedValueRoundTripsThroughTheText) {
    const TrainingSettings defaults;
    std::set<std::string> options;
    for (const SettingField& field : trainingSettingFields()) {
        SCOPED_TRACE(field.key);
        EXPECT_FALSE(field.help.empty());
        EXPECT_FALSE(field.group.empty());
        for (const std::string& option : {field.option, field.offOption})
            if (!option.empty())
                EXPECT_TRUE(options.insert(option).second) << "--" << option << " twice";
        const std::string value = test::otherAllowedValue(field, defaults);
        TrainingSettings given = defaults;
        field.set(given, value);
        ASSERT_NE(field.get(given), field.get(defaults)) << value;
        ASSERT_TRUE(field.allowed(given)) << value;
        const TrainingSettings back = settingsFromText(settingsToText(given), "round trip");
        EXPECT_EQ(field.get(back), field.get(given));
        if (const auto refused = test::refusedValue(field)) {  // one message, key and rule
            const std::string message = refusal(
                [&] { settingsWithAssignments(defaults, field.key + " = " + *refused, "--set"); });
            EXPECT_NE(message.find("setting " + field.key + " = "), std::string::npos) << message;
            EXPECT_NE(message.find("must be " + field.rule), std::string::npos) << message;
        }
    }
    const std::string bad = refusal([] { settingsFromText("iterations = many\n", "run.txt"); });
    EXPECT_NE(bad.find("setting iterations has a bad value 'many': must be a whole number in "
                       "[1, 1e+09]"),
              std::string::npos)
        << bad;
}

TEST(SettingsSchema, TheQualityPredictorsSettingsShareTheTableAndItsReader) {
    const QualitySettings defaults;
    for (const SettingFieldOf<QualitySettings>& field : qualitySettingFields()) {
        SCOPED_TRACE(field.key);
        EXPECT_FALSE(field.help.empty());
        const std::string value = test::otherAllowedValue(field, defaults);
        QualitySettings given = defaults;
        field.set(given, value);
        const QualitySettings back =
            qualitySettingsFromText(qualitySettingsToText(given), "round trip");
        EXPECT_EQ(field.get(back), field.get(given));
    }
    // One reader for both: the same refusal of a line without '='.
    EXPECT_NE(refusal([] {
                  qualitySettingsFromText("levels\n", "q.txt");
              }).find("'levels' is no 'key = value' setting"),
              std::string::npos);
    EXPECT_NE(refusal([] {
                  settingsFromText("levels\n", "t.txt");
              }).find("'levels' is no 'key = value' setting"),
              std::string::npos);
}

TEST(SettingsSchema, PresetsAreCheckedSettingsAndTheDefaultFollowsTheDevice) {
    EXPECT_EQ(defaultTrainingPreset(false), "cpu-quick");
    EXPECT_EQ(defaultTrainingPreset(true), "gpu-full");
    EXPECT_EQ(settingsToText(presetTrainingSettings("cpu-quick", "t")),
              settingsToText(TrainingSettings{}))
        << "cpu-quick is the engine's defaults";
    for (const std::string& name : trainingPresetNames())
        EXPECT_NO_THROW(checkTrainingSettings(presetTrainingSettings(name, "t"), name));
    const TrainingSettings papers = presetTrainingSettings("papers", "t");
    EXPECT_EQ(papers.optimizer, "sgd");
    EXPECT_EQ(papers.methodSettings.sgrsMixMode, "blend");
    EXPECT_FALSE(papers.methodSettings.strongStudentView);
    EXPECT_EQ(presetTrainingSettings("gpu-full", "t").iterations, 6000);
    EXPECT_NE(refusal([] {
                  presetTrainingSettings("fast", "--preset");
              }).find("no preset 'fast' (presets: cpu-quick, gpu-full, papers)"),
              std::string::npos);
}

TEST(SettingsSchema, TextWrittenByAnEarlierVersionInItsOwnOrderStillReads) {
    // Written by the version of 2026-12-07 (74 keys, the table's order of then): the text form
    // keeps its keys and values, so stored runs, checkpoints and bundles need no migration.
    std::ifstream file(test::testDataDir() + "/fuzz/settings_text/seed-training-defaults.txt");
    ASSERT_TRUE(file.good());
    const std::string text((std::istreambuf_iterator<char>(file)), {});
    const TrainingSettings read = settingsFromText(text, "old settings.txt");
    for (const auto& [key, value] : settingAssignments(text, false, "old")) {
        const SettingField* field = findTrainingSettingField(key);
        ASSERT_NE(field, nullptr) << key;
        TrainingSettings expected;
        field->set(expected, value);
        EXPECT_EQ(field->get(read), field->get(expected)) << key;
    }
}

}  // namespace
}  // namespace segloop
