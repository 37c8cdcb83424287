#include "core/quality/CorruptionGenerator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/quality/CorruptionSupport.h"

namespace segloop {
namespace {

using corruption_detail::Random;

std::string describe(const std::vector<Corruption>& corruptions) {
    std::string text;
    for (const Corruption& c : corruptions) {
        char severity[32];
        std::snprintf(severity, sizeof severity, " %.2f", c.severity);
        text += (text.empty() ? "" : " + ") + corruptionName(c.kind) + severity;
        if (c.label != 0) {
            text += " (class " + std::to_string(c.label) + ")";
        }
    }
    return text;
}

CorruptedMask finish(const LabelMap& truth, int classes, LabelMap mask,
                     std::vector<Corruption> corruptions, std::string description) {
    CorruptedMask result;
    result.quality = computeMaskQuality(mask, truth, classes);
    result.mask = std::move(mask);
    result.corruptions = std::move(corruptions);
    result.description = description.empty() ? describe(result.corruptions) : description;
    return result;
}

}  // namespace

CorruptedMask drawCorruptedMask(const LabelMap& truth, int classes, uint64_t seed,
                                const CorruptionMixSettings& settings) {
    Random random(seed * 0x9E3779B97F4A7C15ULL + 17);
    const double u = random.uniform01();
    if (u < settings.identityProbability) {
        return finish(truth, classes, truth, {}, "identity");
    }
    if (u < settings.identityProbability + settings.emptyProbability) {
        LabelMap empty = truth;
        std::fill(empty.labels.begin(), empty.labels.end(), uint16_t(0));
        return finish(truth, classes, std::move(empty), {}, "empty");
    }
    const double target = random.uniform01();
    std::vector<CorruptionKind> kinds = allCorruptionKinds();
    std::shuffle(kinds.begin(), kinds.end(), random.engine);
    const size_t chained = 1 + random.index(size_t(std::max(1, settings.maxChained)));
    std::vector<Corruption> chain;
    std::vector<double> weights;
    for (size_t n = 0; n < chained; ++n) {
        Corruption c;
        c.kind = kinds[n];
        c.seed = random.engine();
        c.label = random.chance(settings.wholeMapProbability) || classes <= 2
                      ? uint16_t(0)
                      : uint16_t(1 + random.index(size_t(classes - 1)));
        chain.push_back(c);
        weights.push_back(random.uniform(0.5, 1.0));
    }
    auto at = [&](double lambda) {
        std::vector<Corruption> scaled = chain;
        for (size_t n = 0; n < scaled.size(); ++n) {
            scaled[n].severity = std::min(1.0, lambda * weights[n]);
        }
        return scaled;
    };
    auto diceAt = [&](double lambda) {
        return computeMaskQuality(applyCorruptions(truth, at(lambda)), truth, classes).overall;
    };
    double low = 0, high = 2;
    if (diceAt(high) < target) {
        for (int step = 0; step < settings.searchSteps; ++step) {
            const double middle = 0.5 * (low + high);
            (diceAt(middle) > target ? low : high) = middle;
        }
    }
    const std::vector<Corruption> chosen = at(high);
    return finish(truth, classes, applyCorruptions(truth, chosen), chosen, "");
}

std::vector<CorruptedMask> evaluationCorruptions(const LabelMap& truth, int classes, uint64_t seed,
                                                 int mixed) {
    std::vector<CorruptedMask> set;
    uint64_t n = 0;
    for (CorruptionKind kind : allCorruptionKinds()) {
        for (double severity : {0.15, 0.4, 0.7, 1.0}) {
            Corruption c;
            c.kind = kind;
            c.severity = severity;
            c.seed = seed * 1000 + ++n;
            set.push_back(finish(truth, classes, applyCorruption(truth, c), {c}, ""));
        }
    }
    for (int m = 0; m < mixed; ++m) {
        set.push_back(drawCorruptedMask(truth, classes, seed * 7919 + uint64_t(m)));
    }
    return set;
}

}  // namespace segloop
