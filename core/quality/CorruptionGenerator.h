#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/image/LabelMap.h"
#include "core/quality/MaskCorruption.h"
#include "core/quality/MaskQuality.h"

namespace segloop {

/// A mask made worse on purpose, with what was done and its true quality.
struct CorruptedMask {
    LabelMap mask;
    MaskQuality quality;
    std::vector<Corruption> corruptions;  ///< Empty for the identity and the empty mask.
    std::string description;              ///< "identity", "empty", "erosion 0.31 + shift 0.12"
};

/// How the generator mixes corruptions (defaults: ours, see docs/methods.md).
struct CorruptionMixSettings {
    double identityProbability = 0.08;  ///< the truth itself (Dice 1)
    double emptyProbability = 0.04;     ///< an empty mask (Dice 0 for present classes)
    int maxChained = 3;                 ///< 1..maxChained distinct kinds in sequence
    double wholeMapProbability = 0.6;   ///< an op acts on every class, else on one class
    int searchSteps = 6;                ///< bisection steps on the severity scale
};

/// Draws a random corruption mix of `truth` aimed at a target overall Dice t ~ U(0, 1), so
/// that the true Dice of the masks covers [0, 1] about evenly: a chain of 1..maxChained
/// distinct kinds, each with a random relative weight w in [0.5, 1] and severity min(1, λ w);
/// λ in [0, 2] is found by bisection so that the overall Dice is closest to t (Dice falls as
/// λ grows for every kind). `classes` counts the background. Deterministic for a seed; pure,
/// safe on any thread.
CorruptedMask drawCorruptedMask(const LabelMap& truth, int classes, uint64_t seed,
                                const CorruptionMixSettings& settings = {});

/// A fixed evaluation set for one case: every kind at severities 0.15, 0.4, 0.7 and 1.0
/// (seeded by `seed`), plus `mixed` draws of drawCorruptedMask; the same for every run.
std::vector<CorruptedMask> evaluationCorruptions(const LabelMap& truth, int classes, uint64_t seed,
                                                 int mixed = 8);

}  // namespace segloop
