#include "core/quality/RankingMetrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/Error.h"

namespace segloop {

std::vector<size_t> oracleOrder(const std::vector<double>& truth) {
    std::vector<size_t> order(truth.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return truth[a] < truth[b]; });
    return order;
}

std::vector<bool> worstQuarter(const std::vector<double>& truth) {
    std::vector<bool> worst(truth.size(), false);
    const std::vector<size_t> order = oracleOrder(truth);
    const size_t quarter = (truth.size() + 3) / 4;
    for (size_t rank = 0; rank < quarter; ++rank)
        worst[order[rank]] = true;
    return worst;
}

double precisionOfFirst(const std::vector<size_t>& order, const std::vector<double>& truth,
                        size_t count) {
    count = std::min(count, order.size());
    if (count == 0)
        return std::numeric_limits<double>::quiet_NaN();
    const std::vector<bool> worst = worstQuarter(truth);
    size_t hits = 0;
    for (size_t rank = 0; rank < count; ++rank) {
        if (order[rank] >= truth.size())
            throw Error("review order", "names case " + std::to_string(order[rank]) + " of " +
                                            std::to_string(truth.size()));
        hits += worst[order[rank]] ? 1 : 0;
    }
    return static_cast<double>(hits) / static_cast<double>(count);
}

double labelSetDiceAfter(const std::vector<size_t>& order, const std::vector<double>& truth,
                         size_t corrections) {
    if (truth.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::vector<double> labelSet = truth;
    for (size_t rank = 0; rank < std::min(corrections, order.size()); ++rank)
        labelSet.at(order[rank]) = 1.0;
    return std::accumulate(labelSet.begin(), labelSet.end(), 0.0) /
           static_cast<double>(labelSet.size());
}

double capturedGain(double strategy, double random, double oracle) {
    const double possible = oracle - random;
    if (!(std::abs(possible) > 1e-12))
        return std::numeric_limits<double>::quiet_NaN();
    return (strategy - random) / possible;
}

std::vector<ReliabilityBin> reliabilityBins(const std::vector<double>& predicted,
                                            const std::vector<double>& truth, size_t bins) {
    if (predicted.size() != truth.size() || bins == 0)
        throw Error("reliability bins", "need as many predictions as true values and 1+ bins");
    std::vector<ReliabilityBin> result(bins);
    for (size_t bin = 0; bin < bins; ++bin) {
        result[bin].low = static_cast<double>(bin) / static_cast<double>(bins);
        result[bin].high = static_cast<double>(bin + 1) / static_cast<double>(bins);
    }
    for (size_t i = 0; i < predicted.size(); ++i) {
        const double value = std::clamp(predicted[i], 0.0, 1.0);
        const size_t bin = std::min(bins - 1, static_cast<size_t>(value * double(bins)));
        result[bin].count += 1;
        result[bin].meanPredicted += predicted[i];
        result[bin].meanTruth += truth[i];
    }
    for (ReliabilityBin& bin : result) {
        const double n = static_cast<double>(bin.count);
        bin.meanPredicted = bin.count ? bin.meanPredicted / n : std::nan("");
        bin.meanTruth = bin.count ? bin.meanTruth / n : std::nan("");
    }
    return result;
}

}  // namespace segloop
