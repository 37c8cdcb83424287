#include "app/cli/ScoringOptions.h"

#include <chrono>
#include <cstdio>
#include <string>

#include "app/cli/TerminalProgress.h"
#include "learning/scoring/ModelCaseScorer.h"
#include "storage/Project.h"

namespace segloop::cli {

std::vector<OptionSpec> uncertaintyOptionSpecs() {
    const UncertaintySettings defaults;
    return {{"mc-passes", "N",
             "MC-dropout passes of the classifier head (default " +
                 std::to_string(defaults.mcPasses) + "; 0: no epistemic score)"},
            {"mc-dropout", "RATE",
             "dropout rate of the passes for a model trained without dropout (default 0.1)"},
            {"margin", "VOXELS",
             "the uncertainties average over the label dilated by this much (default " +
                 std::to_string(defaults.regionMarginVoxels) + ")"}};
}

UncertaintySettings uncertaintySettingsFrom(const ParsedArguments& arguments) {
    UncertaintySettings settings;
    settings.mcPasses = arguments.intValue("mc-passes", int(settings.mcPasses));
    settings.regionMarginVoxels = arguments.intValue("margin", int(settings.regionMarginVoxels));
    if (settings.mcPasses < 0 || settings.regionMarginVoxels < 0) {
        throw UsageError{"--mc-passes and --margin must not be negative"};
    }
    if (arguments.has("mc-dropout")) {
        const std::string text = arguments.value("mc-dropout");
        size_t used = 0;
        try {
            settings.inferenceDropout = std::stod(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != text.size() || !(settings.inferenceDropout >= 0.0) ||
            settings.inferenceDropout >= 1.0) {
            throw UsageError{"--mc-dropout needs a rate in [0, 1), not '" + text + "'"};
        }
    }
    return settings;
}

ScoringReport runScoringJob(Project& project, ModelCaseScorer& scorer,
                            const ScoringRequest& request) {
    const UncertaintySettings& settings = scorer.settings();
    std::printf(
        "Scoring pseudo-labels with quality model %lld (MC dropout: %lld passes, rate "
        "%.2f unless the model was trained with dropout; region margin %lld voxels)\n",
        static_cast<long long>(request.qualityModelId), static_cast<long long>(settings.mcPasses),
        settings.inferenceDropout, static_cast<long long>(settings.regionMarginVoxels));
    std::fflush(stdout);
    TerminalProgress progress;
    const auto started = std::chrono::steady_clock::now();
    const ScoringReport report = scorePseudoLabels(project, scorer, request, &progress);
    progress.finish();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf(
        "Scored %zu pseudo-labels, skipped %zu already scored with the same models, in "
        "%.1f s",
        report.scored, report.skipped, seconds);
    if (report.scored > 0) {
        std::printf(" (%.2f s per case)", seconds / double(report.scored));
    }
    std::printf("\n");
    return report;
}

}  // namespace segloop::cli
