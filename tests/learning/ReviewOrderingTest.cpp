// Review strategies: the queue order of each on hand-made scores, unscored cases last, the seeded
// random order, and the names.
#include <cmath>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "learning/scoring/ReviewOrdering.h"

namespace segloop {
namespace {

std::vector<ReviewCandidate> handMadeQueue() {
    //            volume, label, quality, entropy, epistemic
    return {{1, 11, 0.90, 0.10, 0.004},
            {2, 12, 0.40, 0.35, 0.001},
            {3, 13, 0.65, 0.50, 0.009},
            {4, 14, std::nullopt, std::nullopt, std::nullopt},
            {5, 15, 0.20, 0.20, 0.002}};
}

std::vector<int64_t> order(ReviewStrategy strategy, uint64_t seed = 1) {
    std::vector<int64_t> ids;
    for (const ReviewCandidate& c : orderForReview(handMadeQueue(), strategy, seed)) {
        ids.push_back(c.volumeId);
    }
    return ids;
}

TEST(ReviewOrdering, QualityPutsTheLowestPredictedQualityFirst) {
    EXPECT_EQ(order(ReviewStrategy::Quality), (std::vector<int64_t>{5, 2, 3, 1, 4}));
}

TEST(ReviewOrdering, EntropyPutsTheHighestEntropyFirst) {
    EXPECT_EQ(order(ReviewStrategy::Entropy), (std::vector<int64_t>{3, 2, 5, 1, 4}));
}

TEST(ReviewOrdering, EpistemicPutsTheHighestMutualInformationFirst) {
    EXPECT_EQ(order(ReviewStrategy::Epistemic), (std::vector<int64_t>{3, 1, 5, 2, 4}));
}

TEST(ReviewOrdering, UnscoredCasesComeLastByVolumeAndTiesByVolume) {
    std::vector<ReviewCandidate> queue{{9, 1, std::nullopt, std::nullopt, std::nullopt},
                                       {7, 2, 0.5, 0.1, 0.1},
                                       {3, 3, std::nullopt, std::nullopt, std::nullopt},
                                       {8, 4, 0.5, 0.1, 0.1},
                                       {6, 5, std::nan(""), std::nan(""), std::nan("")}};
    std::vector<int64_t> ids;
    for (const ReviewCandidate& c : orderForReview(queue, ReviewStrategy::Quality)) {
        ids.push_back(c.volumeId);
    }
    EXPECT_EQ(ids, (std::vector<int64_t>{7, 8, 3, 6, 9})) << "NaN counts as unscored";
}

TEST(ReviewOrdering, RandomIsSeededAndStableWhenCasesAreTakenOut) {
    const std::vector<int64_t> first = order(ReviewStrategy::Random, 42);
    EXPECT_EQ(first, order(ReviewStrategy::Random, 42));
    EXPECT_EQ(first.size(), 5u) << "scored or not, every case takes part";
    bool anotherSeedDiffers = false;
    for (uint64_t seed = 1; seed < 20; ++seed) {
        anotherSeedDiffers = anotherSeedDiffers || order(ReviewStrategy::Random, seed) != first;
    }
    EXPECT_TRUE(anotherSeedDiffers);
    // Taking the first two out leaves the rest in the same order.
    std::vector<ReviewCandidate> rest;
    for (const ReviewCandidate& c : handMadeQueue()) {
        if (c.volumeId != first[0] && c.volumeId != first[1]) {
            rest.push_back(c);
        }
    }
    std::vector<int64_t> restOrder;
    for (const ReviewCandidate& c : orderForReview(rest, ReviewStrategy::Random, 42)) {
        restOrder.push_back(c.volumeId);
    }
    EXPECT_EQ(restOrder, std::vector<int64_t>(first.begin() + 2, first.end()));
}

TEST(ReviewOrdering, StrategiesAreKnownByName) {
    for (ReviewStrategy strategy : {ReviewStrategy::Quality, ReviewStrategy::Entropy,
                                    ReviewStrategy::Epistemic, ReviewStrategy::Random}) {
        EXPECT_EQ(reviewStrategyFromName(toString(strategy)), strategy);
    }
    try {
        reviewStrategyFromName("worst");
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_STREQ(error.what(),
                     "review strategy 'worst': unknown; use one of quality, entropy, epistemic, "
                     "random");
    }
}

}  // namespace
}  // namespace segloop
