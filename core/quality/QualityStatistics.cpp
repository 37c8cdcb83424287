#include "core/quality/QualityStatistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/Error.h"

namespace segloop {
namespace {

double pearsonOf(const std::vector<double>& a, const std::vector<double>& b) {
    const double n = double(a.size());
    const double meanA = std::accumulate(a.begin(), a.end(), 0.0) / n;
    const double meanB = std::accumulate(b.begin(), b.end(), 0.0) / n;
    double covariance = 0, varianceA = 0, varianceB = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        covariance += (a[i] - meanA) * (b[i] - meanB);
        varianceA += (a[i] - meanA) * (a[i] - meanA);
        varianceB += (b[i] - meanB) * (b[i] - meanB);
    }
    if (varianceA <= 0 || varianceB <= 0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return covariance / std::sqrt(varianceA * varianceB);
}

}  // namespace

std::vector<double> averageRanks(const std::vector<double>& values) {
    std::vector<size_t> order(values.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t x, size_t y) { return values[x] < values[y]; });
    std::vector<double> ranks(values.size());
    for (size_t first = 0; first < order.size();) {
        size_t last = first;
        while (last + 1 < order.size() && values[order[last + 1]] == values[order[first]]) {
            ++last;
        }
        const double rank = 0.5 * double(first + last) + 1.0;
        for (size_t n = first; n <= last; ++n) {
            ranks[order[n]] = rank;
        }
        first = last + 1;
    }
    return ranks;
}

AgreementStatistics agreementStatistics(const std::vector<double>& predicted,
                                        const std::vector<double>& truth) {
    if (predicted.size() != truth.size() || predicted.size() < 2) {
        throw Error("agreement statistics", "need two equally long lists of at least 2 values");
    }
    AgreementStatistics statistics;
    statistics.count = predicted.size();
    statistics.pearson = pearsonOf(predicted, truth);
    statistics.spearman = pearsonOf(averageRanks(predicted), averageRanks(truth));
    double error = 0;
    for (size_t i = 0; i < predicted.size(); ++i) {
        error += std::abs(predicted[i] - truth[i]);
    }
    statistics.meanAbsoluteError = error / double(predicted.size());
    return statistics;
}

}  // namespace segloop
