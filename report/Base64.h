#pragma once

#include <optional>
#include <string>
#include <vector>

namespace segloop::report {

/// `bytes` in standard Base64 (RFC 4648, with padding), as data URIs want it.
std::string base64Encode(const std::vector<unsigned char>& bytes);

/// The bytes of standard Base64 text (padding required, no line breaks); nullopt when
/// `text` is not such text.
std::optional<std::vector<unsigned char>> base64Decode(const std::string& text);

}  // namespace segloop::report
