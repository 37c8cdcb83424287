#include "core/io/DicomSegText.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcfilefo.h"

#include "core/Error.h"

namespace segloop {

std::string decimalString(double value) {
    if (value == 0.0) {
        return "0";  // Never "-0".
    }
    char buffer[40];
    for (int precision = 12; precision > 0; --precision) {
        const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value,
                                                std::chars_format::general, precision);
        if (error == std::errc() && end - buffer <= 16) {
            return std::string(buffer, end);
        }
    }
    return "0";
}

std::string dicomText(const std::string& text, size_t maxCharacters) {
    std::string out;
    size_t characters = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const bool continuation = (byte & 0xC0u) == 0x80u;
        if (!continuation && characters++ == maxCharacters) {
            break;
        }
        if (text[i] == '\\') {
            out += '/';
        } else {
            out += byte < 0x20 || byte == 0x7F ? ' ' : text[i];
        }
    }
    return out;
}

std::string dicomCodeString(const std::string& text, const std::string& fallback) {
    std::string out;
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool allowed = std::isalnum(byte) != 0 || c == '_';
        out += allowed && byte < 0x80 ? static_cast<char>(std::toupper(byte)) : '_';
        if (out.size() == 16) {
            break;
        }
    }
    return out.find_first_not_of('_') == std::string::npos ? fallback : out;
}

bool isAscii(const std::string& text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return false;
        }
    }
    return true;
}

std::pair<std::string, std::string> dicomNow() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char date[16];
    char time[16];
    std::strftime(date, sizeof date, "%Y%m%d", &local);
    std::strftime(time, sizeof time, "%H%M%S", &local);
    return {date, time};
}

}  // namespace segloop
