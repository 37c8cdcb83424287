#include "storage/ReviewRepository.h"

#include "storage/AuditLog.h"
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
    Statement latest(database_, "SELECT MAX(id) FROM label_versions WHERE volume_id = ?");
    latest.bind(1, volumeId);
    const bool current = latest.step() && latest.columnOptionalInt64(0) == labelVersionId;
    if (!current || !isOpenForReview(find(volumeId), labelVersionId)) {
        return false;
    }
    setState(volumeId, ReviewState::InReview, labelVersionId, reviewer);
    transaction.commit();
    return true;
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
