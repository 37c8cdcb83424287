#include "core/io/DicomDeidentifyHash.h"

#include <algorithm>

namespace segloop::deidentify {

namespace {

/// Round constants (FIPS 180-4, 4.2.2): the first 32 bits of the fractional parts of the cube
/// roots of the first 64 primes. The test vectors in DicomDeidentifyUidMapTest check them.
constexpr std::array<uint32_t, 64> kRound = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/// Initial hash value (FIPS 180-4, 5.3.3): square roots of the first 8 primes.
constexpr std::array<uint32_t, 8> kInitial = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

uint32_t rotateRight(uint32_t value, int bits) {
    return (value >> bits) | (value << (32 - bits));
}

void processBlock(std::array<uint32_t, 8>& state, const uint8_t* block) {
    std::array<uint32_t, 64> w{};
    for (size_t t = 0; t < 16; ++t) {
        w[t] = uint32_t(block[4 * t]) << 24 | uint32_t(block[4 * t + 1]) << 16 |
               uint32_t(block[4 * t + 2]) << 8 | uint32_t(block[4 * t + 3]);
    }
    for (size_t t = 16; t < 64; ++t) {
        const uint32_t s0 =
            rotateRight(w[t - 15], 7) ^ rotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
        const uint32_t s1 =
            rotateRight(w[t - 2], 17) ^ rotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    std::array<uint32_t, 8> v = state;  // a b c d e f g h
    for (size_t t = 0; t < 64; ++t) {
        const uint32_t sum1 = rotateRight(v[4], 6) ^ rotateRight(v[4], 11) ^ rotateRight(v[4], 25);
        const uint32_t choose = (v[4] & v[5]) ^ (~v[4] & v[6]);
        const uint32_t temp1 = v[7] + sum1 + choose + kRound[t] + w[t];
        const uint32_t sum0 = rotateRight(v[0], 2) ^ rotateRight(v[0], 13) ^ rotateRight(v[0], 22);
        const uint32_t majority = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        std::rotate(v.rbegin(), v.rbegin() + 1, v.rend());  // h=g, g=f, ..., b=a
        v[4] += temp1;
        v[0] = temp1 + sum0 + majority;
    }
    for (size_t i = 0; i < 8; ++i) {
        state[i] += v[i];
    }
}

}  // namespace

Digest256 sha256(const std::string& message) {
    // The message, a 1 bit, zeros up to 56 mod 64 bytes, then the length in bits (big endian).
    std::string padded = message;
    padded += static_cast<char>(0x80);
    while (padded.size() % 64 != 56) {
        padded += '\0';
    }
    const uint64_t bitCount = static_cast<uint64_t>(message.size()) * 8;
    for (int i = 7; i >= 0; --i) {
        padded += static_cast<char>((bitCount >> (8 * i)) & 0xFF);
    }
    std::array<uint32_t, 8> state = kInitial;
    for (size_t offset = 0; offset < padded.size(); offset += 64) {
        processBlock(state, reinterpret_cast<const uint8_t*>(padded.data()) + offset);
    }
    Digest256 digest{};
    for (size_t i = 0; i < 8; ++i) {
        for (size_t byte = 0; byte < 4; ++byte) {
            digest[i * 4 + byte] = static_cast<uint8_t>(state[i] >> (24 - 8 * byte));
        }
    }
    return digest;
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
