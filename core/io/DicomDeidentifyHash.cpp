#include "core/io/DicomDeidentifyHash.h"

#include <algorithm>

#include "core/hash/Sha256.h"

namespace segloop::deidentify {

Digest256 sha256(const std::string& message) {
    Sha256 hash;
    hash.update(message);
    return hash.finish();
}

Digest256 hmacSha256(const std::string& key, const std::string& message) {
    std::string block = key;
    if (block.size() > 64) {
        const Digest256 hashed = sha256(block);
        block.assign(hashed.begin(), hashed.end());
    }
    block.resize(64, '\0');
    std::string inner(64, '\0');
    std::string outer(64, '\0');
    for (size_t i = 0; i < 64; ++i) {
        inner[i] = static_cast<char>(block[i] ^ 0x36);
        outer[i] = static_cast<char>(block[i] ^ 0x5c);
    }
    const Digest256 innerDigest = sha256(inner + message);
    return sha256(outer + std::string(innerDigest.begin(), innerDigest.end()));
}

std::string toHex(const Digest256& digest, size_t byteCount) {
    static const char* const kDigits = "0123456789abcdef";
    std::string text;
    for (size_t i = 0; i < std::min(byteCount, digest.size()); ++i) {
        text += kDigits[digest[i] >> 4];
        text += kDigits[digest[i] & 15];
    }
    return text;
}

}  // namespace segloop::deidentify
