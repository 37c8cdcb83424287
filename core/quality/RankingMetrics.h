#pragma once

#include <cstddef>
#include <vector>

namespace segloop {

/// How a review order serves a reviewer (issue 31's yardsticks). `order` lists indices into
/// `truth` (each case's true Dice), first shown first. Pure functions.

/// The cases in the worst quarter of `truth`: the ceil(n / 4) lowest (ties by index).
std::vector<bool> worstQuarter(const std::vector<double>& truth);

/// Share of the first `count` of `order` that lie in the worst quarter (random about 0.25,
/// a perfect order 1).
double precisionOfFirst(const std::vector<size_t>& order, const std::vector<double>& truth,
                        size_t count);

/// Mean Dice of the label set after the first `corrections` of `order` are corrected (counted
/// as Dice 1), the others kept as they are.
double labelSetDiceAfter(const std::vector<size_t>& order, const std::vector<double>& truth,
                         size_t corrections);

/// (strategy - random) / (oracle - random): the share of the best possible gain over random
/// review that a strategy captures; NaN when the oracle gains nothing over random.
double capturedGain(double strategy, double random, double oracle);

/// The worst cases first: indices of `truth` in increasing order (ties by index).
std::vector<size_t> oracleOrder(const std::vector<double>& truth);

/// One bin of a reliability diagram of predicted against true Dice.
struct ReliabilityBin {
    double low = 0, high = 0;  ///< predicted Dice in [low, high) ([low, 1] for the last)
    size_t count = 0;
    double meanPredicted = 0, meanTruth = 0;  ///< NaN when the bin is empty
};

/// `bins` equal bins of predicted Dice over [0, 1] (values outside are clamped).
std::vector<ReliabilityBin> reliabilityBins(const std::vector<double>& predicted,
                                            const std::vector<double>& truth, size_t bins = 10);

}  // namespace segloop
