// `log`: the project's audit log (who did what, when), oldest first, optionally filtered by
// volume, author and time.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/cli/Commands.h"
#include "core/Error.h"
#include "storage/Project.h"

namespace segloop::cli {
namespace {

int64_t parseVolumeId(const std::string& text) {
    char* end = nullptr;
    const long long id = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || end == text.c_str() || *end != '\0' || id <= 0) {
        throw UsageError{"--volume needs a volume id (a number > 0), not '" + text + "'"};
    }
    return id;
}

/// One line per entry: time, user, action, subject, details; columns as wide as their widest
/// cell, so that the lines align.
void printEntries(const std::vector<AuditEntry>& entries) {
    int userWidth = 4, actionWidth = 6, subjectWidth = 7;
    for (const AuditEntry& entry : entries) {
        userWidth = std::max(userWidth, static_cast<int>(entry.user.size()));
        actionWidth = std::max(actionWidth, static_cast<int>(entry.action.size()));
        subjectWidth = std::max(subjectWidth, static_cast<int>(entry.subject.size()));
    }
    for (const AuditEntry& entry : entries) {
        std::printf("%s  %-*s  %-*s  %-*s  %s\n", entry.at.c_str(), userWidth, entry.user.c_str(),
                    actionWidth, entry.action.c_str(), subjectWidth, entry.subject.c_str(),
                    entry.detailsJson.c_str());
    }
}

int runLog(const ParsedArguments& arguments) {
    AuditFilter filter;
    if (arguments.has("volume")) {
        filter.volumeId = parseVolumeId(arguments.value("volume"));
    }
    filter.author = arguments.value("author");
    if (arguments.has("author") && filter.author.empty()) {
        throw UsageError{"--author needs a user name"};
    }
    filter.since = arguments.value("since");
    if (arguments.has("since") && !AuditLog::parseTime(filter.since)) {
        throw UsageError{
            "--since needs a date YYYY-MM-DD or an ISO 8601 time such as "
            "2025-06-01T14:30:00Z, not '" +
            filter.since + "'"};
    }
    Project project = Project::open(arguments.positional[0], ProjectAccess::Browse);
    if (filter.volumeId) {
        project.volumes().get(*filter.volumeId);  // "volume N: no such volume" when missing
    }
    const std::vector<AuditEntry> entries = project.auditLog().list(filter);
    printEntries(entries);
    if (entries.empty()) {
        std::fprintf(stderr, "No audit entries match.\n");
    }
    return kExitOk;
}

}  // namespace

Command logCommand() {
    return {{"log",
             "Print the audit log: who did what to which volume, and when.",
             "PROJECT",
             "Prints the project's audit log, oldest first, one entry a line: the time (UTC,\n"
             "as stored), the user, the action, its subject (\"volume 3\", \"label version 12\",\n"
             "\"label set 1\", \"model 2\", \"training run 4\") and its details as JSON.\n"
             "--volume keeps the entries of that volume and of its label versions; --author\n"
             "those of one user; --since those at or after a date (YYYY-MM-DD, from midnight\n"
             "UTC) or an ISO 8601 time (2025-06-01T14:30:00Z, or with an offset as +02:00).\n"
             "The filters combine.",
             1,
             1,
             {{"volume", "ID", "only entries about this volume and its label versions"},
              {"author", "NAME", "only entries of this user"},
              {"since", "DATE", "only entries at or after DATE (YYYY-MM-DD or ISO 8601 time)"}}},
            runLog};
}

}  // namespace segloop::cli
