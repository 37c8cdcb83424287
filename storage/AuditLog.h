#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace segloop {

class Database;

/// One line of the audit log.
struct AuditEntry {
    int64_t id = 0;
    std::string at;  ///< ISO 8601 UTC.
    std::string user;
    std::string action;   ///< "import volume", "add label version", "set review state", ...
    std::string subject;  ///< What it acted on: "volume 3", "label version 12".
    std::string detailsJson;
};

/// Which entries AuditLog::list returns; an unset field matches every entry.
struct AuditFilter {
    /// The volume's own entries ("volume 3") and those of its label versions ("label version 12").
    std::optional<int64_t> volumeId;
    std::string author;  ///< Entries of exactly this user; empty: anyone.
    /// Entries at or after this time: a date "2025-06-01" (its start, UTC) or an ISO 8601 time
    /// (see AuditLog::parseTime); empty: from the first entry.
    std::string since;
};

/// The project's append-only record of who did what (the schema refuses updates and deletes).
/// Writes join the caller's transaction when one is open, so an entry exists exactly when the
/// change it describes does. Holds a reference to a Database (same thread rules); short-lived.
class AuditLog {
  public:
    using Details = std::vector<std::pair<std::string, std::string>>;

    AuditLog(Database& database, std::string userName);

    /// Appends an entry whose details are the given string fields, as a JSON object.
    int64_t append(const std::string& action, const std::string& subject,
                   const Details& details = {});
    /// Appends an entry with details already written as JSON (must be valid JSON).
    int64_t appendJson(const std::string& action, const std::string& subject,
                       const std::string& detailsJson);

    /// The newest `limit` entries, newest first.
    std::vector<AuditEntry> latest(int64_t limit);
    /// The entries that `filter` matches, oldest first (in the order they were appended).
    /// Throws Error when `filter.since` is not a date or time parseTime() accepts.
    std::vector<AuditEntry> list(const AuditFilter& filter);
    int64_t count();

    /// A date "YYYY-MM-DD" (midnight UTC) or an ISO 8601 time "YYYY-MM-DDTHH:MM[:SS[.fff]]"
    /// (a space may stand for the T) with "Z", "+HH:MM", "-HHMM" or no zone (UTC), in the form
    /// the `at` column stores ("2025-06-01T10:11:12.123Z"; fractions past milliseconds round
    /// up), so that text order is time order. nullopt when it is no such date or time.
    static std::optional<std::string> parseTime(const std::string& text);

  private:
    Database& database_;
    std::string userName_;
};

}  // namespace segloop
