#include "bench/learning/AccuracyReport.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace segloop::bench {
namespace {

const char* const kSslMethods[] = {"mean-teacher", "sgrs", "buarl"};

/// The mean Dice of `method` at `labelled`, NaN when it did not run.
double diceAt(const DiceTable& dice, size_t labelled, const std::string& method) {
    const auto found = dice.find({labelled, method});
    return found == dice.end() ? std::nan("") : found->second;
}

}  // namespace

std::string row(const RunResult& r, size_t poolSize) {
    char spread[64] = "";
    if (r.seeds > 1) {
        std::snprintf(spread, sizeof spread, " ± %.3f (%zu seeds)", r.meanDiceSd, r.seeds);
    }
    char text[480];
    std::snprintf(text, sizeof text,
                  "| %zu (%.0f%%) | %s | %.4f | %.4f | **%.4f**%s | %.4f / %.4f | %.2f / %.2f | "
                  "%.2f / %.2f | %.1f |",
                  r.labelled, 100.0 * double(r.labelled) / double(poolSize), r.method.c_str(),
                  r.dice[0], r.dice[1], r.meanDice, spread, r.jaccard[0], r.jaccard[1], r.hd95[0],
                  r.hd95[1], r.asd[0], r.asd[1], r.minutes);
    return text;
}

void printPaired(const std::vector<RunResult>& runs, const std::vector<uint64_t>& seeds) {
    if (seeds.size() < 2)
        return;
    std::printf(
        "\nPaired with supervised-only, seed by seed (mean Dice; difference in brackets):"
        "\n\n| labelled | method |");
    for (uint64_t seed : seeds)
        std::printf(" seed %llu |", static_cast<unsigned long long>(seed));
    std::printf(" mean difference |\n|---|---|");
    for (size_t s = 0; s <= seeds.size(); ++s)
        std::printf("---|");
    std::printf("\n");
    for (const RunResult& run : runs) {
        const auto base = std::find_if(runs.begin(), runs.end(), [&](const RunResult& other) {
            return other.labelled == run.labelled && other.method == "supervised";
        });
        const bool paired = run.method != "supervised" && base != runs.end();
        const std::vector<double>& values = run.seedDice;
        std::printf("| %zu | %s |", run.labelled, run.method.c_str());
        double sum = 0;
        for (size_t s = 0; s < values.size(); ++s) {
            if (paired) {
                const double difference = values[s] - base->seedDice[s];
                sum += difference;
                std::printf(" %.4f (%+.4f) |", values[s], difference);
            } else {
                std::printf(" %.4f |", values[s]);
            }
        }
        if (paired)
            std::printf(" %+.4f |\n", sum / double(values.size()));
        else
            std::printf(" |\n");
    }
}

double printGapClosed(const DiceTable& dice, double upper) {
    const double base = diceAt(dice, 4, "supervised");
    double best = -1;
    std::printf("\nGap closed at 4 labelled cases, (method - supervised) / (100%% - supervised):");
    for (const char* method : kSslMethods) {
        const double dice4 = diceAt(dice, 4, method);
        if (std::isnan(dice4))
            continue;  // not run
        const double closed = (dice4 - base) / (upper - base);
        best = std::max(best, closed);
        std::printf(" %s %.2f;", method, closed);
    }
    std::printf("\n");
    return best;
}

void printTargets(const DiceTable& dice, const std::vector<size_t>& counts, double upper) {
    const auto at = [&](size_t labelled, const std::string& method) {
        return diceAt(dice, labelled, method);
    };
    const double best = printGapClosed(dice, upper);
    std::string belowSupervised, belowMeanTeacher;
    for (size_t labelled : counts) {
        for (const char* method : kSslMethods) {
            const std::string name = std::string(method) + " at " + std::to_string(labelled);
            if (!(at(labelled, method) > at(labelled, "supervised")))
                belowSupervised += ", " + name;
            if (std::string(method) != "mean-teacher" &&
                !(at(labelled, method) >= at(labelled, "mean-teacher"))) {
                belowMeanTeacher += ", " + name;
            }
        }
    }
    const auto verdict = [](const std::string& failures) {
        return failures.empty() ? std::string("met") : "NOT met (" + failures.substr(2) + ")";
    };
    std::printf(
        "\nTargets (mean Dice): every SSL method above supervised-only: %s; sgrs and "
        "buarl at least mean-teacher: %s; the best method closes at least 2/3 of the gap "
        "at 4 labelled cases: %s (%.2f).\n",
        verdict(belowSupervised).c_str(), verdict(belowMeanTeacher).c_str(),
        best >= 2.0 / 3.0 ? "met" : "NOT met", best);
}

}  // namespace segloop::bench
