// The settings table through the CLI (issue 33): every training setting with an option reaches
// the run's settings through it, every setting through --set, a preset through --preset, and an
// out-of-range value is a usage error with the table's message, before anything is recorded.
// `train --print-settings` shows what a run would start from without training.
#include <gtest/gtest.h>

#include "CliTestSupport.h"
#include "learning/settings/SettingsSchema.h"
#include "learning/settings/SettingsText.h"
#include "learning/settings/TrainingPresets.h"
#include "storage/Project.h"
#include "support/SettingSamples.h"

namespace segloop {
namespace {

using namespace test;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// The line "key = value" of `field` in `settings`' text form.
std::string lineOf(const SettingField& field, const TrainingSettings& settings) {
    return field.key + " = " + field.get(settings) + "\n";
}

class CliSettings : public ::testing::Test {
  protected:
    void SetUp() override {
        project_ = dir_.file("p");
        initProject(project_);
    }
    CommandResult train(const std::string& options) {
        return runCli("train '" + project_ + "' --print-settings " + options);
    }

    TempDir dir_;
    std::string project_;
};

TEST_F(CliSettings, EveryOptionOfTheTableReachesItsSetting) {
    const TrainingSettings defaults = presetTrainingSettings("cpu-quick", "test");
    size_t options = 0;
    const std::string help = runCli("train --help").output;
    for (const SettingField& field : trainingSettingFields()) {
        if (field.option.empty() && field.offOption.empty())
            continue;
        SCOPED_TRACE(field.key);
        ++options;
        const std::string value = test::otherAllowedValue(field, defaults);
        TrainingSettings expected = defaults;
        field.set(expected, value);
        std::string given;
        if (field.kind == SettingKind::Flag)
            given = "--" + (value == "1" ? field.option : field.offOption);
        else
            given = "--" + field.option + " '" + value + "'";
        if (field.key == "optimizer")  // a new optimiser starts from its own rate
            given += " --lr " + shortNumber(defaults.learningRate);
        if (field.key == "validation_interval")  // checkpoints follow it unless given
            given += " --checkpoint-interval " + std::to_string(defaults.checkpointInterval);
        const CommandResult result = train(given);
        ASSERT_EQ(result.exitCode, 0) << given << "\n" << result.output;
        EXPECT_TRUE(contains(result.output, lineOf(field, expected))) << given << "\n"
                                                                      << result.output;
        EXPECT_TRUE(contains(help, "--" + (field.option.empty() ? field.offOption : field.option)))
            << help;
    }
    EXPECT_GE(options, 20u);
    Project reader = Project::open(project_);
    EXPECT_TRUE(reader.trainingRuns().list().empty()) << "--print-settings records nothing";
}

TEST_F(CliSettings, EverySettingReachesTheRunThroughSetAndPresetsStartIt) {
    const TrainingSettings defaults;
    std::string assignments;
    TrainingSettings expected = defaults;
    for (const SettingField& field : trainingSettingFields()) {
        if (field.key == "network.classes")  // always the project's
            continue;
        const std::string value = test::otherAllowedValue(field, defaults);
        field.set(expected, value);
        assignments += field.key + " = " + value + "; ";
    }
    const CommandResult result = train("--set '" + assignments + "'");
    ASSERT_EQ(result.exitCode, 0) << result.output;
    for (const SettingField& field : trainingSettingFields())
        if (field.key != "network.classes")
            EXPECT_TRUE(contains(result.output, lineOf(field, expected))) << field.key;

    const CommandResult papers = train("--preset papers");
    ASSERT_EQ(papers.exitCode, 0) << papers.output;
    const TrainingSettings paperSettings = presetTrainingSettings("papers", "test");
    EXPECT_TRUE(contains(papers.output, "optimizer = sgd\n"));
    EXPECT_TRUE(
        contains(papers.output, lineOf(*findTrainingSettingField("learning_rate"), paperSettings)));
    const CommandResult unknown = train("--preset fast");
    EXPECT_EQ(unknown.exitCode, 2) << unknown.output;
    EXPECT_TRUE(contains(unknown.output, "no preset 'fast' (presets: cpu-quick, gpu-full, papers)"))
        << unknown.output;
    EXPECT_EQ(runCli("train '" + project_ + "' --preset papers --settings-of 1").exitCode, 2);
}

TEST_F(CliSettings, AnOutOfRangeOptionIsRefusedWithTheTablesMessage) {
    for (const SettingField& field : trainingSettingFields()) {
        const auto refused = test::refusedValue(field);
        if (field.option.empty() || !refused)
            continue;
        SCOPED_TRACE(field.key);
        const CommandResult result = train("--" + field.option + " '" + *refused + "'");
        EXPECT_EQ(result.exitCode, 2) << result.output;
        EXPECT_TRUE(contains(result.output, "--" + field.option + ": setting " + field.key))
            << result.output;
        EXPECT_TRUE(contains(result.output, "must be " + field.rule)) << result.output;
    }
    const CommandResult word = train("--iterations many");
    EXPECT_EQ(word.exitCode, 2);
    EXPECT_TRUE(contains(word.output,
                         "setting iterations has a bad value 'many': must be a "
                         "whole number in [1, 1e+09]"))
        << word.output;
    const CommandResult both = train("--strong-view --no-strong-view");
    EXPECT_EQ(both.exitCode, 2);
    EXPECT_TRUE(contains(both.output, "give --strong-view or --no-strong-view, not both"));
}

}  // namespace
}  // namespace segloop
