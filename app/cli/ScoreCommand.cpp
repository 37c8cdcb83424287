// `score`: predicted quality, entropy and MC-dropout epistemic uncertainty of every current
// pseudo-label of a project.
#include <cstdio>

#include "app/cli/Commands.h"
#include "app/cli/ScoringOptions.h"
#include "core/Error.h"
#include "learning/scoring/ModelCaseScorer.h"
#include "storage/Project.h"
#include "workflow/ReviewQueue.h"

namespace segloop::cli {
namespace {

int runScore(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    ModelRecord quality;
    if (arguments.has("quality-model")) {
        quality = project.models().get(arguments.intValue("quality-model", 0));
    } else {
        const std::optional<int64_t> latest = reviewQualityModel(project);
        if (!latest) {
            throw Error(project.layout().folder,
                        "has no quality predictor yet (run segloop-cli train-quality)");
        }
        quality = project.models().get(*latest);
    }
    if (project.labels().currentPseudoLabels().empty()) {
        std::printf("No pseudo-labels to score (run segloop-cli predict first)\n");
        return kExitOk;
    }
    ModelCaseScorer scorer(project.layout().absolute(quality.dataPath),
                           arguments.value("device", "auto"), uncertaintySettingsFrom(arguments));
    ScoringRequest request;
    request.qualityModelId = quality.id;
    request.rescore = arguments.has("rescore");
    runScoringJob(project, scorer, request);
    return kExitOk;
}

}  // namespace

Command scoreCommand() {
    std::vector<OptionSpec> options{
        {"quality-model", "ID", "the quality predictor (default: the newest)"},
        {"device", "auto|cpu|cuda", "where to compute (default auto)"},
        {"rescore", "", "score again what is already scored with the same models"}};
    for (const OptionSpec& option : uncertaintyOptionSpecs()) {
        options.push_back(option);
    }
    return {{"score", "Score the pseudo-labels (predicted quality, entropy, epistemic).", "PROJECT",
             "For every volume whose latest label is a pseudo-label: its predicted Dice (the\n"
             "mean of the quality predictor's, per class and overall, and the Dice the model\n"
             "that made it expects of it under its own softmax), the mean softmax entropy\n"
             "(nats) of that model and its MC-dropout epistemic uncertainty (mutual information\n"
             "over --mc-passes passes, nats), both over the label dilated by --margin voxels.\n"
             "A label already scored by the same quality and segmentation models is skipped.\n"
             "Ctrl-C stops; the scores made so far are kept. See docs/methods.md.",
             1, 1, options},
            runScore};
}

}  // namespace segloop::cli
