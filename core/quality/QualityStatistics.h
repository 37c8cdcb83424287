#pragma once

#include <cstddef>
#include <vector>

namespace segloop {

/// How well predicted qualities agree with the true ones (evaluation of a quality predictor).
struct AgreementStatistics {
    double pearson = 0;   ///< Pearson correlation (NaN when either side is constant)
    double spearman = 0;  ///< Pearson correlation of the ranks (ties get their mean rank)
    double meanAbsoluteError = 0;
    size_t count = 0;
};

/// Agreement of `predicted` with `truth` (same length, at least 2; throws segloop::Error
/// otherwise). Pure function.
AgreementStatistics agreementStatistics(const std::vector<double>& predicted,
                                        const std::vector<double>& truth);

/// Ranks 1..n with ties given their mean rank (as scipy.stats.rankdata's default).
std::vector<double> averageRanks(const std::vector<double>& values);

}  // namespace segloop
