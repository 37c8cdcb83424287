#pragma once

#include <cstdint>
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
    int64_t count();

    /// `text` as a JSON string literal, quotes included.
    static std::string jsonQuote(const std::string& text);

private:
    Database& database_;
    std::string userName_;
};

}  // namespace segloop
