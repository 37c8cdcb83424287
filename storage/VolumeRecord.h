#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/image/ImageGeometry.h"
#include "storage/RecordKinds.h"

namespace segloop {

/// One volume of the project with what a list or an `info` shows about it: its study and
/// series, where it came from, its grid, and its label and review status. A plain value.
struct VolumeRecord {
    int64_t volumeId = 0;
    int64_t seriesId = 0;
    int64_t studyId = 0;

    std::string patientId;  ///< Empty when unknown.
    std::string studyInstanceUid;
    std::string studyDate;
    std::string studyDescription;

    std::string seriesInstanceUid;
    std::string modality;
    std::string seriesDescription;
    std::string frameOfReferenceUid;
    SourceKind sourceKind = SourceKind::Nifti;
    std::string sourcePath;
    std::string importedAt;

    std::string dataPath;  ///< Relative to the project folder.
    ImageGeometry geometry;
    std::string dataType;  ///< The source's pixel type ("int16", "float32", ...).
    std::string createdAt;

    /// The kind of the volume's label of record (human, corrected, accepted); pseudo when it
    /// has none but has a pseudo-label; empty when it has no label at all.
    std::optional<LabelProvenance> labelStatus;
    /// The label of record (LabelVersionRepository::labelOfRecord); empty when there is none.
    std::optional<int64_t> labelOfRecordId;
    /// The newest pseudo-label when there is no label of record (it waits for a decision).
    std::optional<int64_t> pendingPseudoLabelId;
    std::optional<int64_t> latestLabelVersionId;  ///< The newest version of any kind.
    int64_t labelVersionCount = 0;
    std::optional<ReviewState> reviewState;  ///< Empty when it never entered the review queue.
};

/// "none", "human", "pseudo", "corrected" or "accepted".
inline const char* labelStatusText(const std::optional<LabelProvenance>& status) {
    return status ? toString(*status) : "none";
}

}  // namespace segloop
