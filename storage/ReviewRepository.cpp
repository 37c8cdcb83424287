#include "storage/ReviewRepository.h"

#include "core/Error.h"
#include "storage/AuditLog.h"
#include "storage/LabelOfRecord.h"
#include "storage/Timestamp.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"

namespace segloop {

namespace {

const char* const kSelectReviews =
    "SELECT volume_id, state, label_version_id, reviewer, updated_at FROM review_state ";

ReviewRecord readReview(const Statement& row) {
    return {row.columnInt64(0), reviewStateFromString(row.columnText(1)),
            row.columnOptionalInt64(2), row.columnText(3), row.columnText(4)};
}

}  // namespace

ReviewRepository::ReviewRepository(Database& database, std::string userName)
    : database_(database), userName_(std::move(userName)) {}

void ReviewRepository::setState(int64_t volumeId, ReviewState state,
                                std::optional<int64_t> labelVersionId,
                                const std::string& reviewer) {
    const std::string who = reviewer.empty() ? userName_ : reviewer;
    Transaction transaction(database_);
    Statement(database_, R"sql(
        INSERT INTO review_state (volume_id, state, label_version_id, reviewer, updated_at)
        VALUES (?,?,?,?,?)
        ON CONFLICT (volume_id) DO UPDATE SET state = excluded.state,
            label_version_id = excluded.label_version_id, reviewer = excluded.reviewer,
            updated_at = excluded.updated_at
    )sql")
        .bindAll(volumeId, toString(state), labelVersionId, who, utcTimestampNow())
        .run();
    AuditLog::Details details{{"state", toString(state)}, {"reviewer", who}};
    if (labelVersionId) {
        details.emplace_back("label_version", std::to_string(*labelVersionId));
    }
    AuditLog(database_, userName_)
        .append("set review state", "volume " + std::to_string(volumeId), details);
    transaction.commit();
}

std::optional<ReviewRecord> ReviewRepository::find(int64_t volumeId) {
    Statement query(database_, std::string(kSelectReviews) + "WHERE volume_id = ?");
    query.bind(1, volumeId);
    if (!query.step()) {
        return std::nullopt;
    }
    return readReview(query);
}

bool ReviewRepository::isOpenForReview(const std::optional<ReviewRecord>& review,
                                       int64_t labelVersionId) {
    if (!review || review->state == ReviewState::Pending) {
        return true;
    }
    return review->state != ReviewState::InReview && review->labelVersionId != labelVersionId;
}

bool ReviewRepository::take(int64_t volumeId, int64_t labelVersionId, const std::string& reviewer) {
    Transaction transaction(database_);
    Statement latest(database_, std::string("SELECT MAX(id), (SELECT COUNT(*) FROM label_versions "
                                            "WHERE volume_id = ?1 AND ") +
                                    kLabelOfRecordCondition +
                                    ") FROM label_versions WHERE volume_id = ?1 AND "
                                    "provenance = 'pseudo'");
    latest.bind(1, volumeId);
    const bool current = latest.step() && latest.columnOptionalInt64(0) == labelVersionId &&
                         latest.columnInt64(1) == 0;
    if (!current || !isOpenForReview(find(volumeId), labelVersionId)) {
        return false;
    }
    setState(volumeId, ReviewState::InReview, labelVersionId, reviewer);
    transaction.commit();
    return true;
}

void ReviewRepository::release(int64_t volumeId, const std::string& reviewer) {
    const std::string who = reviewer.empty() ? userName_ : reviewer;
    Transaction transaction(database_);
    const std::optional<ReviewRecord> review = find(volumeId);
    const std::string subject = "volume " + std::to_string(volumeId);
    if (!review || review->state != ReviewState::InReview) {
        throw Error(subject, "is not taken for review: nothing to release");
    }
    if (review->reviewer != who) {
        throw Error(subject, "is in review by " + review->reviewer + ", not " + who +
                                 ": only they can release it");
    }
    setState(volumeId, ReviewState::Pending, review->labelVersionId, who);
    transaction.commit();
}

std::vector<int64_t> ReviewRepository::releaseTakenBefore(const std::string& olderThan) {
    Transaction transaction(database_);
    std::vector<ReviewRecord> stale;
    for (const ReviewRecord& review : list(ReviewState::InReview)) {
        if (review.updatedAt < olderThan) {
            stale.push_back(review);
        }
    }
    std::vector<int64_t> released;
    for (const ReviewRecord& review : stale) {
        setState(review.volumeId, ReviewState::Pending, review.labelVersionId, review.reviewer);
        released.push_back(review.volumeId);
    }
    transaction.commit();
    return released;
}

std::vector<ReviewRecord> ReviewRepository::list(std::optional<ReviewState> state) {
    Statement query(database_, std::string(kSelectReviews) + (state ? "WHERE state = ? " : "") +
                                   "ORDER BY volume_id");
    if (state) {
        query.bind(1, toString(*state));
    }
    std::vector<ReviewRecord> records;
    while (query.step()) {
        records.push_back(readReview(query));
    }
    return records;
}

}  // namespace segloop
