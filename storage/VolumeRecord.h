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

    /// Provenance of the latest label version; empty when the volume has no label yet.
    std::optional<LabelProvenance> labelStatus;
    std::optional<int64_t> latestLabelVersionId;
    int64_t labelVersionCount = 0;
    std::optional<ReviewState> reviewState;  ///< Empty when it never entered the review queue.
};

/// "none", "human", "pseudo" or "corrected".
inline const char* labelStatusText(const std::optional<LabelProvenance>& status) {
    return status ? toString(*status) : "none";
}

}  // namespace segloop
