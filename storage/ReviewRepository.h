#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/RecordKinds.h"

namespace segloop {

class Database;

/// Where one volume stands in the review queue.
struct ReviewRecord {
    int64_t volumeId = 0;
    ReviewState state = ReviewState::Pending;
    std::optional<int64_t> labelVersionId;  ///< The version under review (or accepted).
    std::string reviewer;
    std::string updatedAt;
};

/// The review state of volumes: one current row per volume, its changes in the audit log.
/// Holds a reference to a Database (same thread rules); short-lived.
class ReviewRepository {
  public:
    ReviewRepository(Database& database, std::string userName);

    /// Sets a volume's state (and the version it concerns) with an audit entry, in one
    /// transaction. An empty reviewer means the project's user.
    void setState(int64_t volumeId, ReviewState state,
                  std::optional<int64_t> labelVersionId = std::nullopt,
                  const std::string& reviewer = "");
    std::optional<ReviewRecord> find(int64_t volumeId);
    /// Hands the volume's pseudo-label `labelVersionId` to `reviewer` (state in review) when it
    /// still waits for a decision (the volume's newest pseudo-label, and the volume has no
    /// label of record) and is open for review (isOpenForReview); returns false, writing
    /// nothing, when it is not.
    /// Check and write are one write transaction, so two processes never take the same case.
    bool take(int64_t volumeId, int64_t labelVersionId, const std::string& reviewer);
    /// Gives a case in review back to the queue (state pending, same version). Refuses with an
    /// Error when the volume is not in review, or is in review by someone else than `reviewer`.
    void release(int64_t volumeId, const std::string& reviewer);
    /// Releases every case taken for review whose state has not changed since `olderThan` (a
    /// stored timestamp); returns their volume ids. Each release is in the audit log.
    std::vector<int64_t> releaseTakenBefore(const std::string& olderThan);
    /// Every volume in the queue, or only those in `state`, by volume id.
    std::vector<ReviewRecord> list(std::optional<ReviewState> state = std::nullopt);

    /// Whether a volume whose current pseudo-label is `labelVersionId` waits for review: it has
    /// no review row, or is pending, or its review (accepted, corrected, rejected) concerned
    /// another, older version. A volume in review is never open, whatever its version.
    static bool isOpenForReview(const std::optional<ReviewRecord>& review, int64_t labelVersionId);

  private:
    Database& database_;
    std::string userName_;
};

}  // namespace segloop
