#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image/LabelMap.h"
#include "storage/LabelVersionRepository.h"

namespace segloop {

class Project;

/// The kind of version a person's edit makes of a version of kind `base` (none: a label from
/// scratch): human stays human, an edit of a pseudo-label, a correction or an accepted label is
/// a correction.
LabelProvenance kindOfEdit(std::optional<LabelProvenance> base);

/// Saves a person's edit of a volume as a new label version of `labelSetId` (kindOfEdit;
/// parent: the version edited, `baseVersionId`), and when the volume is in review records it
/// as corrected, in one transaction. Returns the new version's id. Error (from the repository)
/// names the problem; nothing is written then. The window's save, autosave and correct.
int64_t saveLabelEdit(Project& project, int64_t volumeId, int64_t labelSetId,
                      const LabelMap& labels, std::optional<int64_t> baseVersionId);

/// Revert: a new version of the volume copying `labelVersionId` (its parent), made by the
/// project's user: an older human version gives a human version, a pseudo-label an accepted
/// one, anything else a correction. It becomes the label of record and bumps the dataset
/// revision. Returns the new id.
int64_t revertToVersion(Project& project, int64_t labelVersionId);

/// One line of a volume's label history (the window's history panel, `segloop-cli info`).
struct LabelHistoryEntry {
    LabelVersionRecord version;
    std::string modelName;                   ///< "segmentation v3" for pseudo-labels
    std::optional<double> predictedQuality;  ///< by the project's newest quality predictor
    std::optional<int64_t> voxelsChanged;    ///< against its parent; none without a parent
    bool labelOfRecord = false;
    bool rejected = false;
};

/// Every label version of a volume, oldest first, with what a reviewer wants to know of it.
/// `countChanges` reads each version with a parent and its parent to count changed voxels.
std::vector<LabelHistoryEntry> labelHistory(Project& project, int64_t volumeId,
                                            bool countChanges = true);

}  // namespace segloop
