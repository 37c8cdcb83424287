#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image/LabelMap.h"
#include "storage/ProjectLayout.h"
#include "storage/RecordKinds.h"

namespace segloop {

class Database;

/// What to record with a new label version.
struct NewLabelVersion {
    int64_t volumeId = 0;
    int64_t labelSetId = 0;
    LabelProvenance provenance = LabelProvenance::Human;
    std::optional<int64_t> modelId;   ///< Required for pseudo-labels: the model version.
    std::optional<int64_t> parentId;  ///< Required for corrections: the version corrected.
    std::string author;               ///< Empty: the project's user.
    /// Names the label in error messages: its file, or "edit of volume 3".
    std::string sourceName;
};

/// One saved label version (never changed after it is written).
struct LabelVersionRecord {
    int64_t id = 0;
    int64_t volumeId = 0;
    int64_t labelSetId = 0;
    std::string dataPath;  ///< Relative to the project folder.
    LabelProvenance provenance = LabelProvenance::Human;
    std::optional<int64_t> modelId;
    std::optional<int64_t> parentId;
    std::string author;
    std::string createdAt;
    int64_t datasetRevision = 0;  ///< The project's dataset revision once it was saved.
};

/// The label versions of the project's volumes: adds them atomically, lists and loads them.
///
/// A version is written once (data/labels/<id>.nii.gz plus its row, its audit entry and, for
/// human and corrected labels, a dataset revision bump, all in one transaction) and never
/// changed: a correction is a new version whose parent is the one it corrects. Holds a
/// reference to a Database (same thread rules); short-lived.
class LabelVersionRepository {
  public:
    LabelVersionRepository(Database& database, ProjectLayout layout, std::string userName);

    /// Checks that `labels` lies on the volume's grid (same size, same placement within
    /// 1e-3 mm) and uses only classes of the label set, then saves it; returns the new id.
    /// Refusals throw Error naming request.sourceName and say what differs; nothing is written.
    int64_t add(const NewLabelVersion& request, const LabelMap& labels);

    std::optional<LabelVersionRecord> find(int64_t labelVersionId);
    /// Throws Error("label version <id>", "no such label version in the project") when missing.
    LabelVersionRecord get(int64_t labelVersionId);
    /// Every version of one volume, oldest first.
    std::vector<LabelVersionRecord> listForVolume(int64_t volumeId);
    std::optional<LabelVersionRecord> latestForVolume(int64_t volumeId);
    /// The volume's label of record (LabelOfRecord.h): its newest human, corrected or accepted
    /// version; nullopt when it has none. A pseudo-label never is one.
    std::optional<LabelVersionRecord> labelOfRecord(int64_t volumeId);
    /// What a viewer opens for a volume: its label of record, else its newest pseudo-label.
    std::optional<LabelVersionRecord> labelToShow(int64_t volumeId);
    /// Every volume's label of record, by volume.
    std::vector<LabelVersionRecord> labelsOfRecord();
    /// The labelled set a trainer sees at `datasetRevision`: for each volume, its label of
    /// record among the versions saved at or before that revision (accepted versions only when
    /// `includeAccepted`).
    std::vector<LabelVersionRecord> labelsOfRecordAtRevision(int64_t datasetRevision,
                                                             bool includeAccepted = true);
    /// The pseudo-labels that wait for a decision: the newest pseudo-label of each volume that
    /// has no label of record. By volume.
    std::vector<LabelVersionRecord> currentPseudoLabels();
    /// The pseudo-label versions of the volumes that have a label of record (at any revision):
    /// by volume, oldest first within one.
    std::vector<LabelVersionRecord> pseudoLabelsOfLabelledVolumes();

    /// Reads a version's file.
    LabelMap load(int64_t labelVersionId);
    /// Reads the latest version of a volume, of any kind; empty when it has none.
    std::optional<LabelMap> loadLatest(int64_t volumeId);

  private:
    std::vector<LabelVersionRecord> query(const std::string& whereClause,
                                          std::optional<int64_t> key);
    void checkRequest(const NewLabelVersion& request, const std::string& subject);
    int64_t insertRow(const NewLabelVersion& request);

    Database& database_;
    ProjectLayout layout_;
    std::string userName_;
};

}  // namespace segloop
