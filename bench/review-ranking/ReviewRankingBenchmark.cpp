// How the review queue serves a reviewer on a project's real pseudo-labels (issue 31): for each
// strategy of the review queue (the same ordering code as `review-queue` and the window) and an
// oracle, the share of the worst quarter among the first B, Spearman between its score and the
// true Dice, the predicted Dice's error (MAE) and reliability, and the gain over random review
// it captures after 8 and 16 corrections (random: the mean of 100 seeded shuffles).
//
// Usage: bench_review_ranking PROJECT TRUTH_FOLDER [--first B] [--csv PREFIX]
//                             [--correct N] [--strategy NAME]
// PROJECT has pseudo-labels (`predict`) and scores (`score`); TRUTH_FOLDER holds each volume's
// true label map under the file name of the image it was imported from. Prints markdown;
// --csv writes PREFIX-cases.csv (one row per case) and PREFIX-reliability.csv (plot.gp).
// --correct N then plays the reviewer of the next round: takes the first N of the queue in the
// order of --strategy (default quality) and corrects each with its true map (the workflow's
// takeForReview and correctPseudoLabel, as `review-queue --take` and `review --correct`),
// printing the voxels corrected. Besides the queue's strategies, two rows rank by each half of
// the predicted Dice alone (the learned predictor's, the model's expected Dice).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "core/metrics/SegmentationMetrics.h"
#include "core/quality/QualityStatistics.h"
#include "core/quality/RankingMetrics.h"
#include "learning/scoring/ReviewOrdering.h"
#include "storage/Project.h"
#include "workflow/ProjectLabelSet.h"
#include "workflow/ReviewDecisions.h"
#include "workflow/ReviewQueue.h"

namespace {

using namespace segloop;

constexpr int kShuffles = 100;

struct RankedCase {
    ReviewCandidate candidate;
    std::string name;
    double trueDice = 0;
    std::optional<double> learned, expected;  ///< the two halves of the predicted Dice
};

double meanDice(const LabelMap& prediction, const LabelMap& truth, int64_t classes) {
    std::vector<uint16_t> foreground;
    for (int64_t label = 1; label < classes; ++label)
        foreground.push_back(static_cast<uint16_t>(label));
    double sum = 0;
    for (const ClassMetrics& metrics : computeSegmentationMetrics(prediction, truth, foreground))
        sum += metrics.dice;
    return sum / static_cast<double>(foreground.size());
}

std::vector<RankedCase> readCases(Project& project, const std::string& truthFolder) {
    const int64_t classes = projectClassCount(project);
    std::vector<RankedCase> cases;
    const std::optional<int64_t> quality = reviewQualityModel(project);
    for (const ReviewCandidate& candidate : openReviewCandidates(project, quality)) {
        RankedCase ranked;
        ranked.candidate = candidate;
        const VolumeRecord volume = project.volumes().get(candidate.volumeId);
        ranked.name = std::filesystem::path(volume.sourcePath).filename().string();
        const LabelMap truth = readNiftiLabelMap(truthFolder + "/" + ranked.name);
        ranked.trueDice = meanDice(project.labels().load(candidate.labelVersionId), truth, classes);
        if (quality) {
            const auto score = project.qualityScores().find(candidate.labelVersionId, *quality);
            if (score) {
                ranked.learned = score->learnedQuality;
                ranked.expected = score->expectedDice;
            }
        }
        cases.push_back(ranked);
    }
    return cases;
}

/// Positions in `cases` of `ordered` (orderForReview's output).
std::vector<size_t> positions(const std::vector<RankedCase>& cases,
                              const std::vector<ReviewCandidate>& ordered) {
    std::map<int64_t, size_t> where;
    for (size_t i = 0; i < cases.size(); ++i)
        where[cases[i].candidate.volumeId] = i;
    std::vector<size_t> order;
    for (const ReviewCandidate& candidate : ordered)
        order.push_back(where.at(candidate.volumeId));
    return order;
}

struct StrategyRow {
    std::string name;
    double precision = 0, spearman = NAN, mae = NAN, at8 = 0, at16 = 0;
};

/// Label-set Dice of random review (mean of the shuffles) and of the oracle after 8 and 16.
struct Baselines {
    double random8 = 0, random16 = 0, oracle8 = 0, oracle16 = 0;
};

/// One strategy's row: `order` over all cases; `goodness` (higher: better) against
/// `goodnessTruth` for Spearman, and MAE when the goodness is a Dice estimate.
StrategyRow measure(const std::string& name, const std::vector<size_t>& order,
                    const std::vector<double>& truth, size_t first, const Baselines& base,
                    const std::vector<double>& goodness, const std::vector<double>& goodnessTruth,
                    bool estimatesDice) {
    StrategyRow row{name};
    row.precision = precisionOfFirst(order, truth, first);
    const AgreementStatistics agreement = agreementStatistics(goodness, goodnessTruth);
    row.spearman = agreement.spearman;
    if (estimatesDice)
        row.mae = agreement.meanAbsoluteError;
    row.at8 = capturedGain(labelSetDiceAfter(order, truth, 8), base.random8, base.oracle8);
    row.at16 = capturedGain(labelSetDiceAfter(order, truth, 16), base.random16, base.oracle16);
    return row;
}

std::string number(double value) {
    if (std::isnan(value))
        return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", value);
    return text;
}

void writeCsv(const std::string& prefix, const std::vector<RankedCase>& cases) {
    std::ofstream rows(prefix + "-cases.csv");
    rows << "volume,name,true_dice,predicted_quality,entropy,epistemic,learned_quality,"
            "expected_dice\n";
    std::vector<double> predicted, truth;
    for (const RankedCase& c : cases) {
        const auto text = [](const std::optional<double>& v) {
            return v ? std::to_string(*v) : std::string();
        };
        rows << c.candidate.volumeId << ',' << c.name << ',' << c.trueDice << ','
             << text(c.candidate.predictedQuality) << ',' << text(c.candidate.entropy) << ','
             << text(c.candidate.epistemic) << ',' << text(c.learned) << ',' << text(c.expected)
             << '\n';
        if (c.candidate.predictedQuality) {
            predicted.push_back(*c.candidate.predictedQuality);
            truth.push_back(c.trueDice);
        }
    }
    std::ofstream bins(prefix + "-reliability.csv");
    bins << "low,high,count,mean_predicted,mean_true\n";
    if (predicted.empty())
        return;
    for (const ReliabilityBin& bin : reliabilityBins(predicted, truth, 10)) {
        if (bin.count)
            bins << bin.low << ',' << bin.high << ',' << bin.count << ',' << bin.meanPredicted
                 << ',' << bin.meanTruth << '\n';
    }
}

/// Takes the first `count` cases of `strategy`'s order for review and corrects each with its
/// true map; prints how many voxels the corrections changed.
void correctFirst(Project& project, const std::vector<RankedCase>& cases,
                  const std::string& truthFolder, size_t count, ReviewStrategy strategy) {
    std::vector<ReviewCandidate> candidates;
    std::map<int64_t, std::string> names;
    for (const RankedCase& c : cases) {
        candidates.push_back(c.candidate);
        names[c.candidate.volumeId] = c.name;
    }
    const auto taken =
        takeForReview(project, orderForReview(candidates, strategy), count, "bench-reviewer");
    int64_t changed = 0;
    for (const ReviewCandidate& candidate : taken) {
        const std::string file = truthFolder + "/" + names.at(candidate.volumeId);
        const LabelMap truth = readNiftiLabelMap(file);
        const LabelMap pseudo = project.labels().load(candidate.labelVersionId);
        for (size_t n = 0; n < truth.labels.size(); ++n)
            changed += truth.labels[n] != pseudo.labels[n] ? 1 : 0;
        correctPseudoLabel(project, candidate.volumeId, truth, file, "bench-reviewer");
    }
    std::printf("\nCorrected %zu cases (first of %s): %lld voxels changed\n", taken.size(),
                toString(strategy), static_cast<long long>(changed));
}

int run(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr,
                     "usage: bench_review_ranking PROJECT TRUTH_FOLDER [--first B] [--csv P]\n");
        return 2;
    }
    size_t first = 8;
    size_t correct = 0;
    ReviewStrategy correctOrder = ReviewStrategy::Quality;
    std::string csv;
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--first")
            first = static_cast<size_t>(std::stoul(argv[i + 1]));
        else if (option == "--csv")
            csv = argv[i + 1];
        else if (option == "--correct")
            correct = static_cast<size_t>(std::stoul(argv[i + 1]));
        else if (option == "--strategy")
            correctOrder = reviewStrategyFromName(argv[i + 1]);
    }
    Project project = Project::open(argv[1]);
    const std::vector<RankedCase> cases = readCases(project, argv[2]);
    if (cases.size() < 4)
        throw Error(argv[1], "has " + std::to_string(cases.size()) +
                                 " pseudo-labels waiting "
                                 "for review; 4+ needed");
    std::vector<double> truth;
    std::vector<ReviewCandidate> candidates;
    for (const RankedCase& c : cases) {
        truth.push_back(c.trueDice);
        candidates.push_back(c.candidate);
    }
    const std::vector<size_t> oracle = oracleOrder(truth);
    Baselines base;
    double randomPrecision = 0;
    for (int seed = 1; seed <= kShuffles; ++seed) {
        const auto order = positions(
            cases, orderForReview(candidates, ReviewStrategy::Random, static_cast<uint64_t>(seed)));
        base.random8 += labelSetDiceAfter(order, truth, 8) / kShuffles;
        base.random16 += labelSetDiceAfter(order, truth, 16) / kShuffles;
        randomPrecision += precisionOfFirst(order, truth, first) / kShuffles;
    }
    base.oracle8 = labelSetDiceAfter(oracle, truth, 8);
    base.oracle16 = labelSetDiceAfter(oracle, truth, 16);

    std::vector<StrategyRow> rows;
    for (ReviewStrategy strategy :
         {ReviewStrategy::Quality, ReviewStrategy::Entropy, ReviewStrategy::Epistemic}) {
        std::vector<double> goodness, scoredTruth;
        for (const RankedCase& c : cases) {
            if (const auto score = strategyScore(c.candidate, strategy)) {
                goodness.push_back(strategy == ReviewStrategy::Quality ? *score : -*score);
                scoredTruth.push_back(c.trueDice);
            }
        }
        if (goodness.size() < 2)
            continue;  // this score was not computed (e.g. --mc-passes 0)
        rows.push_back(measure(toString(strategy),
                               positions(cases, orderForReview(candidates, strategy)), truth, first,
                               base, goodness, scoredTruth, strategy == ReviewStrategy::Quality));
    }
    for (const auto& [name, half] : {std::pair{"learned predictor alone", &RankedCase::learned},
                                     std::pair{"expected Dice alone", &RankedCase::expected}}) {
        std::vector<double> estimate;
        for (const RankedCase& c : cases)
            estimate.push_back((c.*half).value_or(NAN));
        if (std::any_of(estimate.begin(), estimate.end(), [](double v) { return std::isnan(v); }))
            continue;  // scored before schema version 5
        // oracleOrder of the estimate: the lowest estimate first.
        rows.push_back(
            measure(name, oracleOrder(estimate), truth, first, base, estimate, truth, true));
    }
    rows.push_back({"random (mean of 100)", randomPrecision, NAN, NAN, 0, 0});
    rows.push_back({"oracle", precisionOfFirst(oracle, truth, first), 1, NAN, 1, 1});

    const double mean = std::accumulate(truth.begin(), truth.end(), 0.0) / double(truth.size());
    std::printf(
        "%zu pseudo-labels, mean true Dice %.3f, worst quarter below %.3f; label-set "
        "Dice after 8 / 16 corrections: random %.4f / %.4f, oracle %.4f / %.4f\n\n",
        cases.size(), mean, truth[oracle[(truth.size() + 3) / 4 - 1]], base.random8, base.random16,
        base.oracle8, base.oracle16);
    std::printf(
        "| strategy | precision of first %zu | Spearman | MAE | captured gain, 8 | "
        "captured gain, 16 |\n|---|---|---|---|---|---|\n",
        first);
    for (const StrategyRow& row : rows) {
        std::printf("| %s | %s | %s | %s | %s | %s |\n", row.name.c_str(),
                    number(row.precision).c_str(), number(row.spearman).c_str(),
                    number(row.mae).c_str(), number(row.at8).c_str(), number(row.at16).c_str());
    }
    if (!csv.empty())
        writeCsv(csv, cases);
    if (correct > 0)
        correctFirst(project, cases, argv[2], correct, correctOrder);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_review_ranking: %s\n", error.what());
        return 1;
    }
}
