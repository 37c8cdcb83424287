#include "storage/RecordKinds.h"

#include <array>
#include <utility>

#include "core/Error.h"

namespace segloop {

namespace {

template <typename Kind, size_t count>
Kind parseKind(const std::array<std::pair<Kind, const char*>, count>& names,
               const std::string& text, const char* what) {
    for (const auto& [kind, name] : names) {
        if (text == name) {
            return kind;
        }
    }
    throw Error(what, "unknown value '" + text + "' in the project database");
}

template <typename Kind, size_t count>
const char* nameOf(const std::array<std::pair<Kind, const char*>, count>& names, Kind kind) {
    for (const auto& [candidate, name] : names) {
        if (candidate == kind) {
            return name;
        }
    }
    return "?";
}

const std::array<std::pair<SourceKind, const char*>, 2> kSourceKinds{{
    {SourceKind::Dicom, "dicom"},
    {SourceKind::Nifti, "nifti"},
}};

const std::array<std::pair<LabelProvenance, const char*>, 4> kProvenances{{
    {LabelProvenance::Human, "human"},
    {LabelProvenance::Pseudo, "pseudo"},
    {LabelProvenance::Corrected, "corrected"},
    {LabelProvenance::Accepted, "accepted"},
}};

const std::array<std::pair<ReviewState, const char*>, 5> kReviewStates{{
    {ReviewState::Pending, "pending"},
    {ReviewState::InReview, "in_review"},
    {ReviewState::Accepted, "accepted"},
    {ReviewState::Corrected, "corrected"},
    {ReviewState::Rejected, "rejected"},
}};

const std::array<std::pair<TrainingStatus, const char*>, 6> kTrainingStatuses{{
    {TrainingStatus::Queued, "queued"},
    {TrainingStatus::Running, "running"},
    {TrainingStatus::Paused, "paused"},
    {TrainingStatus::Finished, "finished"},
    {TrainingStatus::Failed, "failed"},
    {TrainingStatus::Cancelled, "cancelled"},
}};

}  // namespace

const char* toString(SourceKind kind) {
    return nameOf(kSourceKinds, kind);
}
SourceKind sourceKindFromString(const std::string& text) {
    return parseKind(kSourceKinds, text, "source kind");
}

const char* toString(LabelProvenance provenance) {
    return nameOf(kProvenances, provenance);
}
LabelProvenance labelProvenanceFromString(const std::string& text) {
    return parseKind(kProvenances, text, "label provenance");
}
bool isLabelOfRecordKind(LabelProvenance provenance) {
    return provenance != LabelProvenance::Pseudo;
}

const char* toString(ReviewState state) {
    return nameOf(kReviewStates, state);
}
ReviewState reviewStateFromString(const std::string& text) {
    return parseKind(kReviewStates, text, "review state");
}

const char* toString(TrainingStatus status) {
    return nameOf(kTrainingStatuses, status);
}
TrainingStatus trainingStatusFromString(const std::string& text) {
    return parseKind(kTrainingStatuses, text, "training status");
}

}  // namespace segloop
