#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/editing/EditSession.h"
#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "storage/LabelSetRepository.h"
#include "storage/RecordKinds.h"
#include "storage/VolumeRecord.h"

namespace segloop {
class Project;
}

namespace segloop::ui {

/// The label version a case was opened with.
struct BaseLabelVersion {
    int64_t id = 0;
    LabelProvenance provenance = LabelProvenance::Human;
};

/// One case open in the window: its image, the label map being corrected (inside an
/// EditSession), the label version it started from, and, when the project has them, the
/// pseudo-label it corrects and the uncertainty map saved beside that pseudo-label.
///
/// save() writes a new label version through the workflow's saveLabelEdit (the CLI and the
/// window share its rule): human when the volume had no label or a human one, corrected (parent:
/// the version edited) otherwise; a case in review becomes corrected. Nothing is overwritten.
/// GUI thread only; load and save throw segloop::Error with a message to show as is.
class CaseDocument {
  public:
    /// Loads volume `volumeId`, the label version to show (its label of record, else its newest
    /// pseudo-label; an empty map when it has none) and extras. `versionId`: that version
    /// instead (the history panel's "show").
    static std::unique_ptr<CaseDocument> load(Project& project, int64_t volumeId,
                                              std::optional<int64_t> versionId = std::nullopt);

    int64_t volumeId() const { return record_.volumeId; }
    const VolumeRecord& record() const { return record_; }
    const Volume& image() const { return *image_; }
    EditSession& session() { return *session_; }
    const LabelMap& labels() const { return session_->labels(); }
    const std::optional<BaseLabelVersion>& baseVersion() const { return base_; }
    /// The pseudo-label this case's labels descend from (for the comparison overlay).
    const std::optional<LabelMap>& pseudoLabel() const { return pseudoLabel_; }
    /// Per-voxel uncertainty of the pseudo-label; nullptr when the project has none.
    const Volume* uncertainty() const { return uncertainty_ ? &*uncertainty_ : nullptr; }

    bool isModified() const { return session_->isModified(); }
    /// Writes the labels as a new version and marks the session saved; returns the new id.
    /// Throws Error when the project refuses it (the session stays modified).
    int64_t save(Project& project, int64_t labelSetId);

  private:
    CaseDocument() = default;

    VolumeRecord record_;
    std::unique_ptr<Volume> image_;
    std::unique_ptr<EditSession> session_;
    std::optional<BaseLabelVersion> base_;
    std::optional<LabelMap> pseudoLabel_;
    std::optional<Volume> uncertainty_;
};

}  // namespace segloop::ui
