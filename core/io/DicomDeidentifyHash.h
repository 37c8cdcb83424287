#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace segloop::deidentify {

/// Internal to core/io's de-identification (DicomUidMap): the keyed hash behind the new UIDs and
/// pseudonyms. Plain functions of their arguments, no state: thread-safe.

using Digest256 = std::array<uint8_t, 32>;

/// SHA-256 of `message` (FIPS 180-4), through core/hash/Sha256 (nettle).
Digest256 sha256(const std::string& message);

/// HMAC-SHA-256 of `message` under `key` (RFC 2104): a keyed hash, so that nobody without the
/// key can compute (or confirm a guess of) the value for a known message.
Digest256 hmacSha256(const std::string& key, const std::string& message);

/// Lower-case hexadecimal of the first `byteCount` bytes of a digest (all 32 by default).
std::string toHex(const Digest256& digest, size_t byteCount = 32);

}  // namespace segloop::deidentify
