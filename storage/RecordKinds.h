#pragma once

#include <string>

namespace segloop {

// The enumerations stored as text in the project database, with their spelling there.
// Each *FromString throws segloop::Error for a name it does not know.

/// Where a series came from.
enum class SourceKind { Dicom, Nifti };
const char* toString(SourceKind kind);  ///< "dicom", "nifti"
SourceKind sourceKindFromString(const std::string& text);

/// Who made a label version: a person from scratch, a model (pseudo-label), a person
/// correcting an earlier version, or a reviewer accepting a pseudo-label as it is (a copy of it
/// whose parent is the pseudo-label).
enum class LabelProvenance { Human, Pseudo, Corrected, Accepted };
const char* toString(LabelProvenance provenance);  ///< "human", "pseudo", "corrected", "accepted"
LabelProvenance labelProvenanceFromString(const std::string& text);

/// The rule for a volume's label of record, in one place: its newest version of a kind a person
/// made or vouched for (human, corrected, accepted). A pseudo-label never is one. The SQL of
/// LabelVersionRepository's label-of-record queries spells the same list.
bool isLabelOfRecordKind(LabelProvenance provenance);

/// The state of a volume in the review queue.
enum class ReviewState { Pending, InReview, Accepted, Corrected, Rejected };
const char* toString(ReviewState state);  ///< "pending", "in_review", "accepted", ...
ReviewState reviewStateFromString(const std::string& text);

/// The life of a training run.
enum class TrainingStatus { Queued, Running, Paused, Finished, Failed, Cancelled };
const char* toString(TrainingStatus status);  ///< "queued", "running", ...
TrainingStatus trainingStatusFromString(const std::string& text);

}  // namespace segloop
