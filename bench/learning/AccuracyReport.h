#pragma once

// The accuracy benchmark's report: one markdown row per method and labelled count, the seed
// by seed pairing with supervised-only, the gap closed and the targets (printed to
// stdout).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace segloop::bench {

/// One method at one labelled count: its test metrics, the mean over seeds.
struct RunResult {
    std::string method;
    size_t labelled = 0;
    std::vector<double> dice, jaccard, hd95, asd;  // per class, means over test cases
    std::vector<size_t> distanceCases;
    double meanDice = 0;
    double meanDiceSd = 0;  // over seeds
    size_t seeds = 1;
    std::vector<double> seedDice;  // mean Dice of each seed's run, in SEGLOOP_BENCH_SEEDS order
    double minutes = 0;
};

/// Mean Dice by (labelled count, method).
using DiceTable = std::map<std::pair<size_t, std::string>, double>;

/// The markdown table row of `r`; poolSize gives the labelled percentage.
std::string row(const RunResult& r, size_t poolSize);

/// With several seeds: each method's mean Dice seed by seed, and its difference to
/// supervised-only with the same seed and labelled count. A seed fixes the initial weights and
/// the labelled patches for every method (PatchSampler), so these differences are the method's
/// own effect; the spread of the means above is mostly the seed's.
void printPaired(const std::vector<RunResult>& runs, const std::vector<uint64_t>& seeds);

/// Prints the share of the gap between supervised-only and the 100% row (`upper`) that each
/// SSL method run at 4 labelled cases closes; returns the largest (-1 when none ran).
double printGapClosed(const DiceTable& dice, double upper);

/// The gap closed at 4 labelled cases and the three targets, each met or not.
void printTargets(const DiceTable& dice, const std::vector<size_t>& counts, double upper);

}  // namespace segloop::bench
