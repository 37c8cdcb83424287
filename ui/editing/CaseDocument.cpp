#include "ui/editing/CaseDocument.h"

#include <filesystem>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "storage/Project.h"
#include "workflow/LabelEdits.h"

namespace segloop::ui {
namespace {

/// The pseudo-label at the root of a chain of corrections, if the chain starts with one.
std::optional<LabelVersionRecord> pseudoAncestor(Project& project, LabelVersionRecord version) {
    for (int depth = 0; depth < 1000; ++depth) {
        if (version.provenance == LabelProvenance::Pseudo) {
            return version;
        }
        if (!version.parentId) {
            return std::nullopt;
        }
        version = project.labels().get(*version.parentId);
    }
    return std::nullopt;
}

}  // namespace

std::unique_ptr<CaseDocument> CaseDocument::load(Project& project, int64_t volumeId,
                                                 std::optional<int64_t> versionId) {
    std::unique_ptr<CaseDocument> document(new CaseDocument());
    document->record_ = project.volumes().get(volumeId);
    document->image_ = std::make_unique<Volume>(project.volumes().load(volumeId));
    LabelMap labels(document->image_->geometry);
    const std::optional<LabelVersionRecord> shown =
        versionId ? std::optional<LabelVersionRecord>(project.labels().get(*versionId))
                  : project.labels().labelToShow(volumeId);
    if (shown && shown->volumeId != volumeId)
        throw Error("label version " + std::to_string(shown->id),
                    "belongs to volume " + std::to_string(shown->volumeId));
    if (const auto& latest = shown) {
        labels = project.labels().load(latest->id);
        labels.geometry = document->image_->geometry;  // same grid within 1e-3 mm (checked on add)
        document->base_ = BaseLabelVersion{latest->id, latest->provenance};
        if (const auto pseudo = pseudoAncestor(project, *latest)) {
            document->pseudoLabel_ = project.labels().load(pseudo->id);
            const std::string uncertaintyPath =
                project.layout().absolute(ProjectLayout::uncertaintyDataPath(pseudo->id));
            if (std::filesystem::exists(uncertaintyPath)) {
                document->uncertainty_ = readNiftiVolume(uncertaintyPath);
            }
        }
    }
    document->session_ = std::make_unique<EditSession>(std::move(labels), *document->image_);
    return document;
}

int64_t CaseDocument::save(Project& project, int64_t labelSetId) {
    session_->endStroke();
    const int64_t id = saveLabelEdit(project, record_.volumeId, labelSetId, session_->labels(),
                                     base_ ? std::optional<int64_t>(base_->id) : std::nullopt);
    session_->markSaved();
    base_ = BaseLabelVersion{id, project.labels().get(id).provenance};
    return id;
}

}  // namespace segloop::ui
