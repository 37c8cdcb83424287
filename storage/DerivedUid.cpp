#include "storage/DerivedUid.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "core/Error.h"
#include "core/hash/Sha256.h"

namespace segloop {

namespace {

/// "2.25." followed by the decimal value of the digest's first 16 bytes, made a version-8
/// (custom) RFC 9562 UUID.
std::string uidFromDigest(const Sha256::Digest& digest) {
    std::vector<uint8_t> number(digest.begin(), digest.begin() + 16);
    number[6] = static_cast<uint8_t>((number[6] & 0x0f) | 0x80);  // version 8
    number[8] = static_cast<uint8_t>((number[8] & 0x3f) | 0x80);  // RFC variant
    // Repeated division of the big-endian 128-bit number by 10.
    std::string decimal;
    while (std::any_of(number.begin(), number.end(), [](uint8_t byte) { return byte != 0; })) {
        unsigned remainder = 0;
        for (uint8_t& byte : number) {
            const unsigned value = remainder * 256 + byte;
            byte = static_cast<uint8_t>(value / 10);
            remainder = value % 10;
        }
        decimal += static_cast<char>('0' + remainder);
    }
    std::reverse(decimal.begin(), decimal.end());
    return "2.25." + decimal;
}

}  // namespace

std::string seriesUidFromFileContent(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw Error(path, std::string("cannot read the file: ") + std::strerror(errno));
    }
    Sha256 hash;
    hash.update(std::string("segloop/series-content\n"));
    std::vector<char> buffer(1 << 16);
    while (file) {
        file.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        hash.update(buffer.data(), static_cast<size_t>(file.gcount()));
    }
    if (file.bad()) {
        throw Error(path, "cannot read the file to the end");
    }
    return uidFromDigest(hash.finish());
}

std::string derivedUid(const std::string& purpose, const std::string& seed) {
    Sha256 hash;
    hash.update(std::string("segloop/derived/") + purpose + "\n" + seed);
    return uidFromDigest(hash.finish());
}

}  // namespace segloop
