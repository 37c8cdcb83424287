#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/learning/scoring/ReviewCandidate.h"

namespace segloop {
class Project;
}

namespace segloop::ui {

/// What the desktop review queue lists for one reviewer: the pseudo-labels open for review
/// (storage's openReviewCandidates, scored by the project's quality predictor) and those this
/// reviewer has taken and not finished (in review by them). A case another reviewer has taken
/// is in neither. A plain value; order it with orderForReview (ReviewOrdering.h).
struct ReviewQueueCases {
    std::vector<ReviewCandidate> candidates;
    std::set<int64_t> takenByReviewer;  ///< volume ids in review by this reviewer
};

/// Reads the queue of `reviewer` from the project. GUI thread only (the project's thread).
ReviewQueueCases readReviewQueueCases(Project& project, const std::string& reviewer);

}  // namespace segloop::ui
