#pragma once

#include <cstdint>
#include <optional>

namespace segloop {

/// One pseudo-label waiting in the review queue with the scores it has (none when it was never
/// scored). Storage fills it, ReviewOrdering orders it; a plain value.
struct ReviewCandidate {
    int64_t volumeId = 0;
    int64_t labelVersionId = 0;
    std::optional<double> predictedQuality;  ///< predicted Dice, 0..1
    std::optional<double> entropy;           ///< mean entropy, nats
    std::optional<double> epistemic;         ///< mean mutual information, nats
};

}  // namespace segloop
