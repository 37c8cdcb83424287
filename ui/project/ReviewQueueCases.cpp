#include "ui/project/ReviewQueueCases.h"

#include <optional>

#include "storage/Project.h"
#include "storage/ReviewQueue.h"

namespace segloop::ui {

ReviewQueueCases readReviewQueueCases(Project& project, const std::string& reviewer) {
    const std::optional<int64_t> qualityModel = reviewQualityModel(project);
    ReviewQueueCases cases;
    cases.candidates = openReviewCandidates(project, qualityModel);
    for (const ReviewRecord& review : project.reviews().list(ReviewState::InReview)) {
        if (review.reviewer != reviewer)
            continue;
        const auto latest = project.labels().latestForVolume(review.volumeId);
        if (!latest || latest->provenance != LabelProvenance::Pseudo)
            continue;
        ReviewCandidate candidate;
        candidate.volumeId = review.volumeId;
        candidate.labelVersionId = latest->id;
        if (qualityModel) {
            if (const auto score = project.qualityScores().find(latest->id, *qualityModel)) {
                candidate.predictedQuality = score->predictedQuality;
                candidate.entropy = score->entropy;
                candidate.epistemic = score->epistemicUncertainty;
            }
        }
        cases.candidates.push_back(candidate);
        cases.takenByReviewer.insert(review.volumeId);
    }
    return cases;
}

}  // namespace segloop::ui
