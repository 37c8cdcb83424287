#pragma once

#include <vector>

#include "app/cli/CommandLine.h"
#include "learning/inference/ModelUncertainty.h"
#include "workflow/PseudoLabelScoring.h"

namespace segloop {
class Project;
class ModelCaseScorer;
}  // namespace segloop

namespace segloop::cli {

/// --mc-passes, --mc-dropout and --margin, shared by `score` and `predict`.
std::vector<OptionSpec> uncertaintyOptionSpecs();
/// Reads those options (UsageError for a bad value).
UncertaintySettings uncertaintySettingsFrom(const ParsedArguments& arguments);

/// Runs the scoring job with a terminal progress bar and prints what it did, with the time per
/// scored case. Ctrl-C cancels (Cancelled), keeping the scores made so far.
ScoringReport runScoringJob(Project& project, ModelCaseScorer& scorer,
                            const ScoringRequest& request);

}  // namespace segloop::cli
