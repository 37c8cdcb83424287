#include "storage/AuditLog.h"

#include <cstdio>

#include "storage/Timestamp.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"

namespace segloop {

AuditLog::AuditLog(Database& database, std::string userName)
    : database_(database), userName_(std::move(userName)) {}

std::string AuditLog::jsonQuote(const std::string& text) {
    std::string quoted = "\"";
    for (const char character : text) {
        switch (character) {
            case '"':
                quoted += "\\\"";
                break;
            case '\\':
                quoted += "\\\\";
                break;
            case '\n':
                quoted += "\\n";
                break;
            case '\t':
                quoted += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(character) < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", character);
                    quoted += escaped;
                } else {
                    quoted += character;
                }
        }
    }
    return quoted + "\"";
}

int64_t AuditLog::append(const std::string& action, const std::string& subject,
                         const Details& details) {
    std::string json = "{";
    for (size_t i = 0; i < details.size(); ++i) {
        json +=
            (i == 0 ? "" : ",") + jsonQuote(details[i].first) + ":" + jsonQuote(details[i].second);
    }
    return appendJson(action, subject, json + "}");
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
