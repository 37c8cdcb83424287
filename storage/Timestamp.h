#pragma once

#include <string>

namespace segloop {

/// The current time as ISO 8601 UTC with milliseconds ("2025-06-01T10:11:12.123Z"), the form
/// every time column of the project database uses (it sorts as text). Thread-safe.
std::string utcTimestampNow();
/// The time `seconds` ago, in the same form (for "older than" queries).
std::string utcTimestampSecondsAgo(double seconds);

/// "2025-06-01 10:11 UTC" from a stored timestamp, for messages; returns the input unchanged
/// when it is not in the stored form.
std::string readableTimestamp(const std::string& storedTimestamp);

}  // namespace segloop
