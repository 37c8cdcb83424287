#include "workflow/LabelEdits.h"

#include "core/Error.h"
#include "storage/Project.h"
#include "storage/db/Transaction.h"
#include "workflow/ReviewQueue.h"

namespace segloop {

LabelProvenance kindOfEdit(std::optional<LabelProvenance> base) {
    if (!base || *base == LabelProvenance::Human)
        return LabelProvenance::Human;
    return LabelProvenance::Corrected;
}

int64_t saveLabelEdit(Project& project, int64_t volumeId, int64_t labelSetId,
                      const LabelMap& labels, std::optional<int64_t> baseVersionId) {
    NewLabelVersion request;
    request.volumeId = volumeId;
    request.labelSetId = labelSetId;
    request.provenance = kindOfEdit(
        baseVersionId
            ? std::optional<LabelProvenance>(project.labels().get(*baseVersionId).provenance)
            : std::nullopt);
    request.parentId = baseVersionId;
    request.sourceName = "edit of volume " + std::to_string(volumeId);
    Transaction transaction(project.database());
    const int64_t id = project.labels().add(request, labels);
    const auto review = project.reviews().find(volumeId);
    if (review && review->state == ReviewState::InReview)
        project.reviews().setState(volumeId, ReviewState::Corrected, id);
    transaction.commit();
    return id;
}

int64_t revertToVersion(Project& project, int64_t labelVersionId) {
    const LabelVersionRecord old = project.labels().get(labelVersionId);
    NewLabelVersion request;
    request.volumeId = old.volumeId;
    request.labelSetId = old.labelSetId;
    request.parentId = old.id;
    request.provenance = old.provenance == LabelProvenance::Human    ? LabelProvenance::Human
                         : old.provenance == LabelProvenance::Pseudo ? LabelProvenance::Accepted
                                                                     : LabelProvenance::Corrected;
    request.sourceName = "revert of volume " + std::to_string(old.volumeId) + " to label version " +
                         std::to_string(old.id);
    Transaction transaction(project.database());
    const int64_t id = project.labels().add(request, project.labels().load(old.id));
    project.auditLog().append(
        "revert label", "volume " + std::to_string(old.volumeId),
        {{"to_label_version", std::to_string(old.id)}, {"new_label_version", std::to_string(id)}});
    transaction.commit();
    return id;
}

std::vector<LabelHistoryEntry> labelHistory(Project& project, int64_t volumeId, bool countChanges) {
    const std::optional<int64_t> quality = reviewQualityModel(project);
    const std::optional<LabelVersionRecord> record = project.labels().labelOfRecord(volumeId);
    const std::optional<ReviewRecord> review = project.reviews().find(volumeId);
    std::vector<LabelHistoryEntry> history;
    for (const LabelVersionRecord& version : project.labels().listForVolume(volumeId)) {
        LabelHistoryEntry entry;
        entry.version = version;
        if (version.modelId) {
            const ModelRecord model = project.models().get(*version.modelId);
            entry.modelName = model.name + " v" + std::to_string(model.version);
        }
        if (quality) {
            if (const auto score = project.qualityScores().find(version.id, *quality))
                entry.predictedQuality = score->predictedQuality;
        }
        if (countChanges && version.parentId) {
            const LabelMap mine = project.labels().load(version.id);
            const LabelMap parent = project.labels().load(*version.parentId);
            int64_t changed = 0;
            const size_t count = std::min(mine.labels.size(), parent.labels.size());
            for (size_t n = 0; n < count; ++n)
                changed += mine.labels[n] != parent.labels[n];
            entry.voxelsChanged = changed;
        }
        entry.labelOfRecord = record && record->id == version.id;
        entry.rejected = review && review->state == ReviewState::Rejected &&
                         review->labelVersionId == version.id;
        history.push_back(std::move(entry));
    }
    return history;
}

}  // namespace segloop
