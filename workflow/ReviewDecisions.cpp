#include "workflow/ReviewDecisions.h"

#include <optional>

#include "core/Error.h"
#include "storage/Project.h"
#include "storage/Timestamp.h"
#include "storage/db/Transaction.h"

namespace segloop {
namespace {

/// The volume's pseudo-label waiting for a decision, checked for `reviewer`; Error otherwise.
LabelVersionRecord pendingPseudoLabel(Project& project, int64_t volumeId,
                                      const std::string& reviewer, const char* decision) {
    const std::string subject = "volume " + std::to_string(volumeId);
    project.volumes().get(volumeId);  // Error when there is no such volume
    if (const auto record = project.labels().labelOfRecord(volumeId)) {
        throw Error(subject, std::string("has a label of record (label version ") +
                                 std::to_string(record->id) + ", " + toString(record->provenance) +
                                 "): there is no pseudo-label to " + decision);
    }
    const std::optional<LabelVersionRecord> pseudo = project.labels().labelToShow(volumeId);
    if (!pseudo) {
        throw Error(subject,
                    std::string("has no pseudo-label to ") + decision + " (predict it first)");
    }
    const auto review = project.reviews().find(volumeId);
    if (review && review->state == ReviewState::InReview && review->reviewer != reviewer) {
        throw Error(subject, "is in review by " + review->reviewer + ", not " + reviewer);
    }
    return *pseudo;
}

std::string reviewerOrUser(Project& project, const std::string& reviewer) {
    return reviewer.empty() ? project.userName() : reviewer;
}

/// Saves `labels` as the volume's label of record replacing its pending pseudo-label: a new
/// version of kind `kind` (parent: the pseudo-label; author: the reviewer), review state
/// `state`, in one transaction. Refused as pendingPseudoLabel says.
int64_t replacePseudoLabel(Project& project, int64_t volumeId, const std::string& reviewer,
                           const char* decision, LabelProvenance kind, ReviewState state,
                           const LabelMap* labels, const std::string& source) {
    const std::string who = reviewerOrUser(project, reviewer);
    Transaction transaction(project.database());
    const LabelVersionRecord pseudo = pendingPseudoLabel(project, volumeId, who, decision);
    NewLabelVersion version;
    version.volumeId = volumeId;
    version.labelSetId = pseudo.labelSetId;
    version.provenance = kind;
    version.parentId = pseudo.id;
    version.author = who;
    version.sourceName =
        source.empty() ? std::string(decision) + "ed pseudo-label " + std::to_string(pseudo.id)
                       : source;
    const int64_t id =
        project.labels().add(version, labels ? *labels : project.labels().load(pseudo.id));
    project.reviews().setState(volumeId, state, id, who);
    transaction.commit();
    return id;
}

}  // namespace

int64_t acceptPseudoLabel(Project& project, int64_t volumeId, const std::string& reviewer) {
    return replacePseudoLabel(project, volumeId, reviewer, "accept", LabelProvenance::Accepted,
                              ReviewState::Accepted, nullptr, "");
}

int64_t correctPseudoLabel(Project& project, int64_t volumeId, const LabelMap& corrected,
                           const std::string& source, const std::string& reviewer) {
    return replacePseudoLabel(project, volumeId, reviewer, "correct", LabelProvenance::Corrected,
                              ReviewState::Corrected, &corrected, source);
}

void rejectPseudoLabel(Project& project, int64_t volumeId, const std::string& reviewer) {
    const std::string who = reviewerOrUser(project, reviewer);
    Transaction transaction(project.database());
    const LabelVersionRecord pseudo = pendingPseudoLabel(project, volumeId, who, "reject");
    project.reviews().setState(volumeId, ReviewState::Rejected, pseudo.id, who);
    transaction.commit();
}

void releaseCase(Project& project, int64_t volumeId, const std::string& reviewer) {
    project.reviews().release(volumeId, reviewerOrUser(project, reviewer));
}

int reviewReleaseMinutes(Project& project) {
    const std::optional<std::string> text = project.settings().find("review_release_minutes");
    if (!text)
        return kDefaultReviewReleaseMinutes;
    try {
        return std::max(0, std::stoi(*text));
    } catch (const std::exception&) {
        throw Error(project.layout().folder,
                    "setting review_release_minutes is not a number: '" + *text + "'");
    }
}

std::vector<int64_t> releaseStaleReviews(Project& project) {
    const int minutes = reviewReleaseMinutes(project);
    if (minutes == 0)
        return {};
    return project.reviews().releaseTakenBefore(utcTimestampSecondsAgo(minutes * 60.0));
}

}  // namespace segloop
