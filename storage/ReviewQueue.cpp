#include "storage/ReviewQueue.h"

#include <map>

#include "storage/Project.h"

namespace segloop {

std::optional<int64_t> reviewQualityModel(Project& project) {
    const std::optional<ModelRecord> model = project.models().latest("quality");
    return model ? std::optional<int64_t>(model->id) : std::nullopt;
}

std::vector<ReviewCandidate> openReviewCandidates(Project& project,
                                                  std::optional<int64_t> qualityModelId) {
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
        ReviewCandidate candidate;
        candidate.volumeId = label.volumeId;
        candidate.labelVersionId = label.id;
        if (qualityModelId) {
            if (const auto score = project.qualityScores().find(label.id, *qualityModelId)) {
                candidate.predictedQuality = score->predictedQuality;
                candidate.entropy = score->entropy;
                candidate.epistemic = score->epistemicUncertainty;
            }
        }
        candidates.push_back(candidate);
    }
    return candidates;
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
