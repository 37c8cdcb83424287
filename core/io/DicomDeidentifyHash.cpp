#include "core/io/DicomDeidentifyHash.h"

#include <algorithm>

#include <nettle/hmac.h>

#include "core/hash/Sha256.h"

namespace segloop::deidentify {

Digest256 sha256(const std::string& message) {
    Sha256 hash;
    hash.update(message);
    return hash.finish();
}

Digest256 hmacSha256(const std::string& key, const std::string& message) {
    hmac_sha256_ctx context;  // RFC 2104 over SHA-256, by nettle
    hmac_sha256_set_key(&context, key.size(), reinterpret_cast<const uint8_t*>(key.data()));
    hmac_sha256_update(&context, message.size(), reinterpret_cast<const uint8_t*>(message.data()));
    Digest256 digest{};
    hmac_sha256_digest(&context, SHA256_DIGEST_SIZE, digest.data());
    return digest;
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
