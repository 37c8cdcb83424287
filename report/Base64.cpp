#include "report/Base64.h"

#include <array>

namespace segloop::report {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string base64Encode(const std::vector<unsigned char>& bytes) {
    std::string text;
    text.reserve((bytes.size() + 2) / 3 * 4);
    for (size_t n = 0; n < bytes.size(); n += 3) {
        const size_t left = bytes.size() - n;
        const unsigned group = unsigned(bytes[n]) << 16 |
                               (left > 1 ? unsigned(bytes[n + 1]) << 8 : 0u) |
                               (left > 2 ? unsigned(bytes[n + 2]) : 0u);
        text += kAlphabet[group >> 18 & 63];
        text += kAlphabet[group >> 12 & 63];
        text += left > 1 ? kAlphabet[group >> 6 & 63] : '=';
        text += left > 2 ? kAlphabet[group & 63] : '=';
    }
    return text;
}

std::optional<std::vector<unsigned char>> base64Decode(const std::string& text) {
    if (text.size() % 4 != 0)
        return std::nullopt;
    std::array<int, 256> values;
    values.fill(-1);
    for (int n = 0; n < 64; ++n)
        values[static_cast<unsigned char>(kAlphabet[n])] = n;
    std::vector<unsigned char> bytes;
    bytes.reserve(text.size() / 4 * 3);
    for (size_t n = 0; n < text.size(); n += 4) {
        const bool last = n + 4 == text.size();
        const int padding = last ? (text[n + 3] == '=') + (text[n + 2] == '=') : 0;
        unsigned group = 0;
        for (size_t k = 0; k < 4; ++k) {
            const int value =
                k >= 4 - size_t(padding) ? 0 : values[static_cast<unsigned char>(text[n + k])];
            if (value < 0)
                return std::nullopt;
            group = group << 6 | unsigned(value);
        }
        bytes.push_back(static_cast<unsigned char>(group >> 16));
        if (padding < 2)
            bytes.push_back(static_cast<unsigned char>(group >> 8 & 255));
        if (padding < 1)
            bytes.push_back(static_cast<unsigned char>(group & 255));
    }
    return bytes;
}

}  // namespace segloop::report
