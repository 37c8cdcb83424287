#include "learning/scoring/ReviewOrdering.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "core/Error.h"

namespace segloop {
namespace {

const ReviewStrategy kStrategies[] = {ReviewStrategy::Quality, ReviewStrategy::Entropy,
                                      ReviewStrategy::Epistemic, ReviewStrategy::Random};

/// SplitMix64's finaliser: a well-mixed 64-bit hash of one value.
uint64_t mix(uint64_t value) {
    value += 0x9E3779B97F4A7C15ull;
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ull;
    value = (value ^ (value >> 27)) * 0x94D049BB133111EBull;
    return value ^ (value >> 31);
}

}  // namespace

const char* toString(ReviewStrategy strategy) {
    switch (strategy) {
        case ReviewStrategy::Quality:
            return "quality";
        case ReviewStrategy::Entropy:
            return "entropy";
        case ReviewStrategy::Epistemic:
            return "epistemic";
        case ReviewStrategy::Random:
            return "random";
    }
    return "?";
}

const std::vector<ReviewStrategy>& reviewStrategies() {
    static const std::vector<ReviewStrategy> all(std::begin(kStrategies), std::end(kStrategies));
    return all;
}

std::string reviewStrategySummary(ReviewStrategy strategy) {
    switch (strategy) {
        case ReviewStrategy::Quality:
            return "worst predicted quality first";
        case ReviewStrategy::Entropy:
            return "highest mean entropy first";
        case ReviewStrategy::Epistemic:
            return "highest epistemic uncertainty (MC dropout) first";
        case ReviewStrategy::Random:
            return "random order (seeded)";
    }
    return "";
}

std::string reviewStrategyNames() {
    std::string names;
    for (ReviewStrategy strategy : kStrategies) {
        names += (names.empty() ? "" : ", ") + std::string(toString(strategy));
    }
    return names;
}

ReviewStrategy reviewStrategyFromName(const std::string& name) {
    for (ReviewStrategy strategy : kStrategies) {
        if (name == toString(strategy)) {
            return strategy;
        }
    }
    throw Error("review strategy '" + name + "'", "unknown; use one of " + reviewStrategyNames());
}

namespace {

std::optional<double> rawScore(const ReviewCandidate& candidate, ReviewStrategy strategy) {
    switch (strategy) {
        case ReviewStrategy::Quality:
            return candidate.predictedQuality;
        case ReviewStrategy::Entropy:
            return candidate.entropy;
        case ReviewStrategy::Epistemic:
            return candidate.epistemic;
        case ReviewStrategy::Random:
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

std::optional<double> strategyScore(const ReviewCandidate& candidate, ReviewStrategy strategy) {
    const std::optional<double> score = rawScore(candidate, strategy);
    return score && !std::isnan(*score) ? score : std::nullopt;
}

std::vector<ReviewCandidate> orderForReview(std::vector<ReviewCandidate> candidates,
                                            ReviewStrategy strategy, uint64_t seed) {
    if (strategy == ReviewStrategy::Random) {
        const uint64_t salt = mix(seed);
        auto key = [salt](const ReviewCandidate& c) { return mix(salt ^ uint64_t(c.volumeId)); };
        std::sort(candidates.begin(), candidates.end(),
                  [&](const ReviewCandidate& a, const ReviewCandidate& b) {
                      const uint64_t ka = key(a), kb = key(b);
                      return ka != kb ? ka < kb : a.volumeId < b.volumeId;
                  });
        return candidates;
    }
    // Lower quality is worse; higher entropy and epistemic uncertainty are worse.
    const double sign = strategy == ReviewStrategy::Quality ? 1.0 : -1.0;
    std::sort(candidates.begin(), candidates.end(),
              [&](const ReviewCandidate& a, const ReviewCandidate& b) {
                  const std::optional<double> sa = strategyScore(a, strategy);
                  const std::optional<double> sb = strategyScore(b, strategy);
                  if (sa.has_value() != sb.has_value()) {
                      return sa.has_value();
                  }
                  if (sa && *sa != *sb) {
                      return sign * *sa < sign * *sb;
                  }
                  return a.volumeId < b.volumeId;
              });
    return candidates;
}

}  // namespace segloop
