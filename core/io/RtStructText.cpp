#include "core/io/RtStructText.h"

#include <charconv>
#include <cmath>

namespace segloop::rtstruct {

namespace {

bool allDigits(const std::string& value, size_t first, size_t count) {
    if (first + count > value.size()) {
        return false;
    }
    for (size_t n = first; n < first + count; ++n) {
        if (value[n] < '0' || value[n] > '9') {
            return false;
        }
    }
    return true;
}

}  // namespace

std::string dicomText(const std::string& text, size_t maxCharacters) {
    std::string out;
    size_t characters = 0;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool continuation = (byte & 0xC0) == 0x80;  // inside a UTF-8 sequence
        if (!continuation && ++characters > maxCharacters) {
            break;
        }
        out += (byte < 0x20 || byte == 0x7F || c == '\\') ? ' ' : c;
    }
    return out;
}

std::string dicomDateOrEmpty(const std::string& value) {
    return value.size() == 8 && allDigits(value, 0, 8) ? value : std::string();
}

std::string dicomTimeOrEmpty(const std::string& value) {
    const size_t dot = value.find('.');
    const size_t whole = dot == std::string::npos ? value.size() : dot;
    const bool wholeOk = (whole == 2 || whole == 4 || whole == 6) && allDigits(value, 0, whole);
    const size_t fraction = dot == std::string::npos ? 0 : value.size() - dot - 1;
    const bool fractionOk =
        dot == std::string::npos ||
        (whole == 6 && fraction >= 1 && fraction <= 6 && allDigits(value, dot + 1, fraction));
    return wholeOk && fractionOk ? value : std::string();
}

std::string dicomSexOrEmpty(const std::string& value) {
    return value == "M" || value == "F" || value == "O" ? value : std::string();
}

std::string dicomDecimal(double value) {
    if (!std::isfinite(value)) {
        return "0";
    }
    char text[64];
    for (int decimals = 6; decimals >= 0; --decimals) {
        const auto result =
            std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, decimals);
        std::string out(text, result.ptr);
        if (out.find('.') != std::string::npos) {
            while (out.back() == '0') {
                out.pop_back();
            }
            if (out.back() == '.') {
                out.pop_back();
            }
        }
        if (out == "-0") {
            out = "0";
        }
        if (out.size() <= 16) {
            return out;
        }
    }
    // Beyond 16 digits (1e16 mm): scientific notation still fits a DS.
    const auto result =
        std::to_chars(text, text + sizeof text, value, std::chars_format::scientific, 8);
    return std::string(text, result.ptr);
}

}  // namespace segloop::rtstruct
