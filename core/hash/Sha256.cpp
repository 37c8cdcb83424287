#include "core/hash/Sha256.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace segloop {

namespace {

/// The first 32 bits of the fractional part of `value`.
uint32_t fractionBits(long double value) {
    const long double fraction = value - std::floor(value);
    return static_cast<uint32_t>(std::floor(fraction * 4294967296.0L));
}

/// The first `count` primes.
template <size_t count>
std::array<int, count> firstPrimes() {
    std::array<int, count> primes{};
    size_t found = 0;
    for (int candidate = 2; found < count; ++candidate) {
        bool prime = true;
        for (size_t i = 0; i < found && primes[i] * primes[i] <= candidate; ++i) {
            prime = prime && candidate % primes[i] != 0;
        }
        if (prime) {
            primes[found++] = candidate;
        }
    }
    return primes;
}

/// Round constants: cube roots of the first 64 primes (FIPS 180-4, 4.2.2), computed rather
/// than transcribed; the test vectors in the tests check them.
const std::array<uint32_t, 64>& roundConstants() {
    static const std::array<uint32_t, 64> constants = [] {
        std::array<uint32_t, 64> k{};
        const auto primes = firstPrimes<64>();
        for (size_t i = 0; i < 64; ++i) {
            k[i] = fractionBits(std::cbrt(static_cast<long double>(primes[i])));
        }
        return k;
    }();
    return constants;
}

uint32_t rotateRight(uint32_t value, int bits) {
    return (value >> bits) | (value << (32 - bits));
}

}  // namespace

Sha256::Sha256() {
    // Initial hash: square roots of the first 8 primes (FIPS 180-4, 5.3.3).
    const auto primes = firstPrimes<8>();
    for (size_t i = 0; i < 8; ++i) {
        state_[i] = fractionBits(std::sqrt(static_cast<long double>(primes[i])));
    }
}

void Sha256::update(const void* data, size_t byteCount) {
    const auto* bytes = static_cast<const uint8_t*>(data);
    totalBytes_ += byteCount;
    while (byteCount > 0) {
        const size_t take = std::min(byteCount, buffer_.size() - bufferedBytes_);
        std::memcpy(buffer_.data() + bufferedBytes_, bytes, take);
        bufferedBytes_ += take;
        bytes += take;
        byteCount -= take;
        if (bufferedBytes_ == buffer_.size()) {
            processBlock(buffer_.data());
            bufferedBytes_ = 0;
        }
    }
}

Sha256::Digest Sha256::finish() {
    const uint64_t bitCount = totalBytes_ * 8;
    const uint8_t one = 0x80;
    update(&one, 1);
    const uint8_t zero = 0;
    while (bufferedBytes_ != 56) {
        update(&zero, 1);
    }
    std::array<uint8_t, 8> length{};
    for (int i = 0; i < 8; ++i) {
        length[i] = static_cast<uint8_t>(bitCount >> (56 - 8 * i));
    }
    update(length.data(), length.size());
    Digest digest{};
    for (size_t i = 0; i < 8; ++i) {
        for (size_t byte = 0; byte < 4; ++byte) {
            digest[i * 4 + byte] = static_cast<uint8_t>(state_[i] >> (24 - 8 * byte));
        }
    }
    return digest;
}

void Sha256::processBlock(const uint8_t* block) {
    const auto& k = roundConstants();
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
    uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
    uint32_t e = state_[4], f = state_[5], g = state_[6], h = state_[7];
    for (size_t t = 0; t < 64; ++t) {
        const uint32_t sum1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25);
        const uint32_t choose = (e & f) ^ (~e & g);
        const uint32_t temp1 = h + sum1 + choose + k[t] + w[t];
        const uint32_t sum0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22);
        const uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
        const uint32_t temp2 = sum0 + majority;
        h = g;
        g = f;
        f = e;
        e = d + temp1;
        d = c;
        c = b;
        b = a;
        a = temp1 + temp2;
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
    state_[4] += e;
    state_[5] += f;
    state_[6] += g;
    state_[7] += h;
}

std::string Sha256::toHex(const Digest& digest) {
    static const char* const kDigits = "0123456789abcdef";
    std::string text;
    for (uint8_t byte : digest) {
        text += kDigits[byte >> 4];
        text += kDigits[byte & 15];
    }
    return text;
}

}  // namespace segloop
