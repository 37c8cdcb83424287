// `review-queue`: the pseudo-labels waiting for review in a strategy's order; --take hands the
// first ones to a reviewer.
#include <cstdio>
#include <map>

#include "app/cli/Commands.h"
#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "learning/scoring/ReviewOrdering.h"
#include "storage/Project.h"
#include "workflow/ReviewQueue.h"

namespace segloop::cli {
namespace {

std::map<int64_t, std::string> volumeNames(Project& project) {
    std::map<int64_t, std::string> names;
    for (const VolumeRecord& volume : project.volumes().list()) {
        names[volume.volumeId] = volume.sourceKind == SourceKind::Nifti
                                     ? niftiStem(volume.sourcePath)
                                     : volume.seriesDescription;
    }
    return names;
}

std::string cell(const std::optional<double>& value, const char* format) {
    if (!value) {
        return "-";
    }
    char text[32];
    std::snprintf(text, sizeof text, format, *value);
    return text;
}

void printTable(const std::vector<ReviewCandidate>& rows,
                const std::map<int64_t, std::string>& names) {
    std::printf("%4s  %6s  %-24s %7s %8s %8s %10s\n", "rank", "volume", "name", "label", "quality",
                "entropy", "epistemic");
    for (size_t n = 0; n < rows.size(); ++n) {
        const ReviewCandidate& row = rows[n];
        std::printf("%4zu  %6lld  %-24.24s %7lld %8s %8s %10s\n", n + 1,
                    static_cast<long long>(row.volumeId), names.at(row.volumeId).c_str(),
                    static_cast<long long>(row.labelVersionId),
                    cell(row.predictedQuality, "%.3f").c_str(), cell(row.entropy, "%.4f").c_str(),
                    cell(row.epistemic, "%.2e").c_str());
    }
}

int runReviewQueue(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    ReviewStrategy strategy = ReviewStrategy::Quality;
    try {
        strategy = reviewStrategyFromName(arguments.value("strategy", "quality"));
    } catch (const Error& error) {
        throw UsageError{error.what()};
    }
    const int take = arguments.intValue("take", 0);
    if (take < 0) {
        throw UsageError{"--take needs a number of cases >= 0"};
    }
    const uint64_t seed = uint64_t(arguments.intValue("seed", 1));
    const std::map<int64_t, std::string> names = volumeNames(project);
    if (arguments.has("mine")) {
        const std::string reviewer = arguments.value("reviewer", project.userName());
        const ReviewQueueCases cases = readReviewQueueCases(project, reviewer);
        std::vector<ReviewCandidate> mine;
        for (const ReviewCandidate& candidate : cases.candidates) {
            if (cases.takenByReviewer.count(candidate.volumeId)) {
                mine.push_back(candidate);
            }
        }
        std::printf("Taken by %s: %zu cases\n", reviewer.c_str(), mine.size());
        printTable(orderForReview(mine, strategy, seed), names);
        return kExitOk;
    }
    const std::optional<int64_t> qualityModel = reviewQualityModel(project);
    const std::vector<ReviewCandidate> queue =
        orderForReview(openReviewCandidates(project, qualityModel), strategy, seed);
    size_t unscored = 0;
    for (const ReviewCandidate& candidate : queue) {
        unscored += candidate.predictedQuality ? 0 : 1;
    }
    std::printf("Review queue by %s: %zu cases waiting", toString(strategy), queue.size());
    if (unscored > 0) {
        std::printf(
            ", %zu without scores%s", unscored,
            strategy == ReviewStrategy::Random ? "" : " (listed last; run segloop-cli score)");
    }
    std::printf("\n");
    if (take == 0) {
        printTable(queue, names);
        return kExitOk;
    }
    const std::string reviewer = arguments.value("reviewer", project.userName());
    const std::vector<ReviewCandidate> taken =
        takeForReview(project, queue, size_t(take), reviewer);
    std::printf("Taken for review by %s: %zu cases\n", reviewer.c_str(), taken.size());
    printTable(taken, names);
    return kExitOk;
}

/// The registry's strategies with what each puts first, the default marked.
std::string strategiesHelp() {
    std::string text;
    for (ReviewStrategy strategy : reviewStrategies())
        text += std::string(text.empty() ? "" : "; ") + toString(strategy) + ": " +
                reviewStrategySummary(strategy) +
                (strategy == ReviewStrategy::Quality ? " (the default)" : "");
    return text;
}

}  // namespace

Command reviewQueueCommand() {
    return {{"review-queue",
             "List the pseudo-labels waiting for review; --take hands them out.",
             "PROJECT",
             "Lists the volumes without a label of record whose pseudo-label waits for a\n"
             "decision (segloop-cli review), in the\n"
             "order of --strategy: quality (lowest predicted quality first, the default),\n"
             "entropy or epistemic (highest first), random (seeded by --seed). Cases without\n"
             "scores come after the scored ones. --take N marks the first N as in review by\n"
             "--reviewer (default: the project user); a case taken is never handed out again,\n"
             "so the next --take gets the next ones. Cases taken but untouched for the\n"
             "project's review_release_minutes (default 120) come back to the queue.",
             1,
             1,
             {{"strategy", "NAME", strategiesHelp()},
              {"take", "N", "hand the first N cases out for review"},
              {"reviewer", "NAME", "who takes them (default: the project user)"},
              {"mine", "", "only the cases taken by --reviewer and not yet decided"},
              {"seed", "S", "seed of the random strategy (default 1)"}}},
            runReviewQueue};
}

}  // namespace segloop::cli
