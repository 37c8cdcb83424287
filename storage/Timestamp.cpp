#include "storage/Timestamp.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace segloop {

namespace {

std::string formatUtc(std::chrono::system_clock::time_point now) {
    using namespace std::chrono;
    const std::time_t seconds = system_clock::to_time_t(now);
    const auto milliseconds =
        duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[80];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(milliseconds));
    return text;
}

}  // namespace

std::string utcTimestampNow() {
    return formatUtc(std::chrono::system_clock::now());
}

std::string utcTimestampSecondsAgo(double seconds) {
    const auto ago = std::chrono::duration_cast<std::chrono::system_clock::duration>(
        std::chrono::duration<double>(seconds));
    return formatUtc(std::chrono::system_clock::now() - ago);
}

std::string readableTimestamp(const std::string& storedTimestamp) {
    // "YYYY-MM-DDTHH:MM..." -> "YYYY-MM-DD HH:MM UTC"
    if (storedTimestamp.size() < 16 || storedTimestamp[10] != 'T') {
        return storedTimestamp;
    }
    return storedTimestamp.substr(0, 10) + " " + storedTimestamp.substr(11, 5) + " UTC";
}

}  // namespace segloop
