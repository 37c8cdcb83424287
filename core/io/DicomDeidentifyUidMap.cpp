#include "core/io/DicomDeidentifyUidMap.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/Error.h"
#include "core/io/DicomDeidentifyHash.h"

namespace segloop {

namespace {

/// `value` without the leading and trailing spaces and NUL bytes that pad DICOM values.
std::string trimmed(const std::string& value) {
    const auto padding = [](char c) { return c == ' ' || c == '\0'; };
    const auto first = std::find_if_not(value.begin(), value.end(), padding);
    const auto last = std::find_if_not(value.rbegin(), value.rend(), padding).base();
    return first < last ? std::string(first, last) : std::string();
}

/// Decimal digits of a 128-bit big-endian unsigned integer (no leading zeros; "0" for zero).
std::string decimal(std::array<uint8_t, 16> number) {
    std::string digits;
    bool zero = false;
    while (!zero) {
        unsigned remainder = 0;
        zero = true;
        for (uint8_t& byte : number) {  // number /= 10, most significant byte first
            const unsigned current = remainder * 256 + byte;
            byte = static_cast<uint8_t>(current / 10);
            remainder = current % 10;
            zero = zero && byte == 0;
        }
        digits += static_cast<char>('0' + remainder);
    }
    std::reverse(digits.begin(), digits.end());
    return digits;
}

}  // namespace

DicomUidMap::DicomUidMap(std::string salt) : salt_(std::move(salt)) {}

std::string DicomUidMap::uidFor(const std::string& originalUid) const {
    const deidentify::Digest256 digest = deidentify::hmacSha256(salt_, trimmed(originalUid));
    std::array<uint8_t, 16> uuid{};
    std::copy_n(digest.begin(), uuid.size(), uuid.begin());
    uuid[6] = static_cast<uint8_t>((uuid[6] & 0x0F) | 0x80);  // version 8 (RFC 9562, custom)
    uuid[8] = static_cast<uint8_t>((uuid[8] & 0x3F) | 0x80);  // variant 10 (RFC 4122/9562)
    return "2.25." + decimal(uuid);
}

std::string DicomUidMap::map(const std::string& originalUid) {
    const std::string original = trimmed(originalUid);
    if (original.empty()) {
        throw Error("UID map", "cannot replace an empty UID");
    }
    const auto known = newByOriginal_.find(original);
    if (known != newByOriginal_.end()) {
        return known->second;
    }
    std::string replacement = uidFor(original);
    const auto [clash, inserted] = originalByNew_.emplace(replacement, original);
    if (!inserted) {
        throw Error("UID map", "UIDs " + clash->second + " and " + original + " both hash to " +
                                   replacement + ": use another salt");
    }
    newByOriginal_.emplace(original, replacement);
    return replacement;
}

std::string DicomUidMap::patientPseudonym(const std::string& originalPatientId) const {
    const deidentify::Digest256 digest =
        deidentify::hmacSha256(salt_, "patient-id:" + trimmed(originalPatientId));
    std::string hex = deidentify::toHex(digest, 8);
    std::transform(hex.begin(), hex.end(), hex.begin(),
                   [](char c) { return static_cast<char>(std::toupper(c)); });
    return "ANON" + hex;
}

}  // namespace segloop
