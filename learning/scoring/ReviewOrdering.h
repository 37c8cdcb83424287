#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "learning/scoring/ReviewCandidate.h"

namespace segloop {

/// The order in which pseudo-labels are handed out for review.
enum class ReviewStrategy {
    Quality,    ///< "quality": lowest predicted quality first
    Entropy,    ///< "entropy": highest mean entropy first
    Epistemic,  ///< "epistemic": highest MC-dropout mutual information first
    Random,     ///< "random": a seeded shuffle
};

const char* toString(ReviewStrategy strategy);
/// Every strategy, the default (quality) first: the registry both front ends list.
const std::vector<ReviewStrategy>& reviewStrategies();
/// One line on what comes first ("Worst predicted quality first").
std::string reviewStrategySummary(ReviewStrategy strategy);
/// Throws segloop::Error naming `name` and the known strategies when it is none of them.
ReviewStrategy reviewStrategyFromName(const std::string& name);
/// "quality, entropy, epistemic, random".
std::string reviewStrategyNames();

/// The score a strategy sorts by; nullopt when the candidate lacks it (and for Random).
std::optional<double> strategyScore(const ReviewCandidate& candidate, ReviewStrategy strategy);

/// The review order, the one rule both the CLI and the desktop queue use:
/// - quality / entropy / epistemic: candidates with the score first, worst first (lowest
///   quality, highest entropy or epistemic uncertainty); those without it after them; ties and
///   the unscored by volume id.
/// - random: by a hash of (seed, volume id), so the order of the cases still waiting does not
///   change when some are taken out; every candidate takes part, scored or not.
/// Pure function.
std::vector<ReviewCandidate> orderForReview(std::vector<ReviewCandidate> candidates,
                                            ReviewStrategy strategy, uint64_t seed = 1);

}  // namespace segloop
