#include "workflow/ReviewQueue.h"

#include <map>

#include "storage/Project.h"
#include "workflow/ReviewDecisions.h"

namespace segloop {

std::optional<int64_t> reviewQualityModel(Project& project) {
    const std::optional<ModelRecord> model = project.models().latest("quality");
    return model ? std::optional<int64_t>(model->id) : std::nullopt;
}

namespace {

/// A candidate for a pseudo-label, with its scores by `qualityModelId` when it has them.
ReviewCandidate scoredCandidate(Project& project, int64_t volumeId, int64_t labelVersionId,
                                std::optional<int64_t> qualityModelId) {
    ReviewCandidate candidate;
    candidate.volumeId = volumeId;
    candidate.labelVersionId = labelVersionId;
    if (qualityModelId) {
        if (const auto score = project.qualityScores().find(labelVersionId, *qualityModelId)) {
            candidate.predictedQuality = score->predictedQuality;
            candidate.entropy = score->entropy;
            candidate.epistemic = score->epistemicUncertainty;
        }
    }
    return candidate;
}

}  // namespace

std::vector<ReviewCandidate> openReviewCandidates(Project& project,
                                                  std::optional<int64_t> qualityModelId) {
    releaseStaleReviews(project);
    std::map<int64_t, ReviewRecord> reviews;
    for (const ReviewRecord& review : project.reviews().list()) {
        reviews[review.volumeId] = review;
    }
    std::vector<ReviewCandidate> candidates;
    for (const LabelVersionRecord& label : project.labels().currentPseudoLabels()) {
        const auto review = reviews.find(label.volumeId);
        const std::optional<ReviewRecord> state =
            review == reviews.end() ? std::nullopt : std::optional<ReviewRecord>(review->second);
        if (!ReviewRepository::isOpenForReview(state, label.id)) {
            continue;
        }
        const ReviewCandidate candidate =
            scoredCandidate(project, label.volumeId, label.id, qualityModelId);
        candidates.push_back(candidate);
    }
    return candidates;
}

ReviewQueueCases readReviewQueueCases(Project& project, const std::string& reviewer) {
    const std::optional<int64_t> qualityModel = reviewQualityModel(project);
    ReviewQueueCases cases;
    cases.candidates = openReviewCandidates(project, qualityModel);
    for (const ReviewRecord& review : project.reviews().list(ReviewState::InReview)) {
        if (review.reviewer != reviewer)
            continue;
        const auto shown = project.labels().labelToShow(review.volumeId);
        if (!shown || shown->provenance != LabelProvenance::Pseudo)
            continue;
        cases.candidates.push_back(
            scoredCandidate(project, review.volumeId, shown->id, qualityModel));
        cases.takenByReviewer.insert(review.volumeId);
    }
    return cases;
}

std::vector<ReviewCandidate> takeForReview(Project& project,
                                           const std::vector<ReviewCandidate>& ordered,
                                           size_t count, const std::string& reviewer) {
    std::vector<ReviewCandidate> taken;
    for (const ReviewCandidate& candidate : ordered) {
        if (taken.size() >= count) {
            break;
        }
        if (project.reviews().take(candidate.volumeId, candidate.labelVersionId, reviewer)) {
            taken.push_back(candidate);
        }
    }
    return taken;
}

}  // namespace segloop
