#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "learning/scoring/ReviewCandidate.h"

namespace segloop {

class Project;

/// The project's quality predictor whose scores the review queue shows: the newest model named
/// "quality" (what `segloop-cli train-quality` records); nullopt when there is none.
std::optional<int64_t> reviewQualityModel(Project& project);

/// The cases waiting for review: the current pseudo-labels (LabelVersionRepository::
/// currentPseudoLabels) whose volumes are open for review (ReviewRepository::isOpenForReview),
/// each with its score by quality predictor `qualityModelId` (no scores when nullopt or when
/// the version has none), by volume id. Cases taken but untouched for the project's release
/// time are given back first (releaseStaleReviews). Order them with orderForReview
/// (ReviewOrdering.h).
std::vector<ReviewCandidate> openReviewCandidates(Project& project,
                                                  std::optional<int64_t> qualityModelId);

/// What the review queue lists for one reviewer: the pseudo-labels open for review
/// (openReviewCandidates) and those this reviewer has taken and not finished (in review by
/// them). A case another reviewer has taken is in neither. Order it with orderForReview.
struct ReviewQueueCases {
    std::vector<ReviewCandidate> candidates;
    std::set<int64_t> takenByReviewer;  ///< volume ids in review by this reviewer
};

/// Reads the queue of `reviewer` (the window's queue; `segloop-cli review-queue --mine` lists
/// only the cases taken by them).
ReviewQueueCases readReviewQueueCases(Project& project, const std::string& reviewer);

/// Hands out the first `count` of `ordered` that are still open, each taken in its own write
/// transaction (ReviewRepository::take), so a case another reviewer took meanwhile is passed
/// over and never handed out twice. Returns the cases taken, in order.
std::vector<ReviewCandidate> takeForReview(Project& project,
                                           const std::vector<ReviewCandidate>& ordered,
                                           size_t count, const std::string& reviewer);

}  // namespace segloop
