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
/// save() writes a new label version with provenance: human when the volume had no label,
/// corrected (parent = the pseudo-label) when correcting a pseudo-label, and otherwise the
/// provenance of the version edited, with that version as parent. Nothing is overwritten.
/// GUI thread only; load and save throw segloop::Error with a message to show as is.
class CaseDocument {
  public:
    /// Loads volume `volumeId`, its latest label version (or an empty map) and extras.
    static std::unique_ptr<CaseDocument> load(Project& project, int64_t volumeId);

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
