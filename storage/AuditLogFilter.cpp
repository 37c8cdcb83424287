// AuditLog::list and AuditLog::parseTime: reading the audit log back, filtered.
#include <cctype>
#include <cstdio>
#include <ctime>

#include "core/Error.h"
#include "storage/AuditLog.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"

namespace segloop {
namespace {

/// Reads exactly `digits` decimal digits at `position` (advanced past them) into `value`.
bool readNumber(const std::string& text, size_t& position, size_t digits, int& value) {
    if (position + digits > text.size()) {
        return false;
    }
    value = 0;
    for (size_t n = 0; n < digits; ++n) {
        const char character = text[position + n];
        if (!std::isdigit(static_cast<unsigned char>(character))) {
            return false;
        }
        value = value * 10 + (character - '0');
    }
    position += digits;
    return true;
}

bool readCharacter(const std::string& text, size_t& position, char expected) {
    if (position < text.size() && text[position] == expected) {
        ++position;
        return true;
    }
    return false;
}

int daysInMonth(int year, int month) {
    static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

/// The zone at `position` ("", "Z", "+HH:MM", "+HHMM", "-HH:MM", ...) in seconds east of UTC;
/// false when anything else follows.
bool readZone(const std::string& text, size_t& position, long& offsetSeconds) {
    offsetSeconds = 0;
    if (position == text.size()) {
        return true;
    }
    if (readCharacter(text, position, 'Z')) {
        return position == text.size();
    }
    const char sign = text[position];
    if (sign != '+' && sign != '-') {
        return false;
    }
    ++position;
    int hours = 0;
    int minutes = 0;
    if (!readNumber(text, position, 2, hours)) {
        return false;
    }
    readCharacter(text, position, ':');
    if (!readNumber(text, position, 2, minutes) || position != text.size() || hours > 23 ||
        minutes > 59) {
        return false;
    }
    offsetSeconds = (sign == '-' ? -1L : 1L) * (hours * 3600L + minutes * 60L);
    return true;
}

}  // namespace

std::optional<std::string> AuditLog::parseTime(const std::string& text) {
    size_t position = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readNumber(text, position, 4, year) || !readCharacter(text, position, '-') ||
        !readNumber(text, position, 2, month) || !readCharacter(text, position, '-') ||
        !readNumber(text, position, 2, day) || month < 1 || month > 12 || day < 1 ||
        day > daysInMonth(year, month)) {
        return std::nullopt;
    }
    long milliseconds = 0;
    long offsetSeconds = 0;
    if (position < text.size()) {
        if (!readCharacter(text, position, 'T') && !readCharacter(text, position, ' ')) {
            return std::nullopt;
        }
        if (!readNumber(text, position, 2, hour) || !readCharacter(text, position, ':') ||
            !readNumber(text, position, 2, minute) || hour > 23 || minute > 59) {
            return std::nullopt;
        }
        if (readCharacter(text, position, ':')) {
            if (!readNumber(text, position, 2, second) || second > 59) {
                return std::nullopt;
            }
            if (readCharacter(text, position, '.')) {
                // Milliseconds, rounded up when finer digits follow: the column holds
                // milliseconds, and "at or after" must not take in an entry before the time.
                size_t digits = 0;
                bool finer = false;
                for (; position < text.size() &&
                       std::isdigit(static_cast<unsigned char>(text[position]));
                     ++position, ++digits) {
                    if (digits < 3) {
                        milliseconds = milliseconds * 10 + (text[position] - '0');
                    } else {
                        finer = finer || text[position] != '0';
                    }
                }
                if (digits == 0) {
                    return std::nullopt;
                }
                for (; digits < 3; ++digits) {
                    milliseconds *= 10;
                }
                milliseconds += finer ? 1 : 0;
            }
        }
        if (!readZone(text, position, offsetSeconds)) {
            return std::nullopt;
        }
    }
    std::tm fields{};
    fields.tm_year = year - 1900;
    fields.tm_mon = month - 1;
    fields.tm_mday = day;
    fields.tm_hour = hour;
    fields.tm_min = minute;
    fields.tm_sec = second;
    std::time_t seconds = timegm(&fields) - offsetSeconds + milliseconds / 1000;
    milliseconds %= 1000;
    std::tm utc{};
    if (gmtime_r(&seconds, &utc) == nullptr || utc.tm_year + 1900 < 0 ||
        utc.tm_year + 1900 > 9999) {
        return std::nullopt;
    }
    char stored[40];
    std::snprintf(stored, sizeof stored, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, milliseconds);
    return std::string(stored);
}

std::vector<AuditEntry> AuditLog::list(const AuditFilter& filter) {
    std::string since;
    if (!filter.since.empty()) {
        const std::optional<std::string> parsed = parseTime(filter.since);
        if (!parsed) {
            throw Error("audit log",
                        "'" + filter.since + "' is not a date (YYYY-MM-DD) or an ISO 8601 time");
        }
        since = *parsed;
    }
    // Subjects naming a volume: "volume N" (import, review) and "label version M" of its
    // versions (add label version). Other subjects (label set, model, training run) name none.
    Statement query(database_, R"sql(
        SELECT id, at, user, action, subject, details_json FROM audit_log
         WHERE (?1 IS NULL OR subject = 'volume ' || ?1
                OR subject IN (SELECT 'label version ' || id FROM label_versions
                                WHERE volume_id = ?1))
           AND (?2 = '' OR user = ?2)
           AND (?3 = '' OR at >= ?3)
         ORDER BY id
    )sql");
    query.bindAll(filter.volumeId, filter.author, since);
    std::vector<AuditEntry> entries;
    while (query.step()) {
        entries.push_back({query.columnInt64(0), query.columnText(1), query.columnText(2),
                           query.columnText(3), query.columnText(4), query.columnText(5)});
    }
    return entries;
}

}  // namespace segloop
