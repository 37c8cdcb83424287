#include "storage/AuditLog.h"

#include <nlohmann/json.hpp>

#include "storage/Timestamp.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"

namespace segloop {

AuditLog::AuditLog(Database& database, std::string userName)
    : database_(database), userName_(std::move(userName)) {}

int64_t AuditLog::append(const std::string& action, const std::string& subject,
                         const Details& details) {
    // ordered_json keeps the fields in the caller's order, so an entry reads as it was written.
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    for (const auto& [key, value] : details) {
        json[key] = value;
    }
    // A value that is not UTF-8 (a path named on another system) gets U+FFFD for its bad bytes
    // instead of throwing: the log must not refuse the change it records.
    return appendJson(action, subject,
                      json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

int64_t AuditLog::appendJson(const std::string& action, const std::string& subject,
                             const std::string& detailsJson) {
    Statement(database_,
              "INSERT INTO audit_log (at, user, action, subject, details_json) "
              "VALUES (?, ?, ?, ?, ?)")
        .bindAll(utcTimestampNow(), userName_, action, subject, detailsJson)
        .run();
    return database_.lastInsertRowId();
}

std::vector<AuditEntry> AuditLog::latest(int64_t limit) {
    Statement query(database_,
                    "SELECT id, at, user, action, subject, details_json FROM audit_log "
                    "ORDER BY id DESC LIMIT ?");
    query.bind(1, limit);
    std::vector<AuditEntry> entries;
    while (query.step()) {
        entries.push_back({query.columnInt64(0), query.columnText(1), query.columnText(2),
                           query.columnText(3), query.columnText(4), query.columnText(5)});
    }
    return entries;
}

int64_t AuditLog::count() {
    return database_.queryInt64("SELECT COUNT(*) FROM audit_log");
}

}  // namespace segloop
