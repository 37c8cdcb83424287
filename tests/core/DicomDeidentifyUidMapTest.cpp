// DicomUidMap and the hash behind it: SHA-256 and HMAC-SHA-256 against the published test
// vectors (FIPS 180-4 examples, RFC 4231), the UID's form, and values computed independently
// with Python's hmac/hashlib for a fixed salt.
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/DicomDeidentifyHash.h"
#include "core/io/DicomDeidentifyUidMap.h"

namespace segloop {
namespace {

using deidentify::hmacSha256;
using deidentify::sha256;
using deidentify::toHex;

TEST(DicomDeidentifyHash, Sha256MatchesTheFipsExamples) {
    EXPECT_EQ(toHex(sha256("")),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(toHex(sha256("abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(toHex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(toHex(sha256(std::string(1000, 'a'))),  // several blocks
              "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST(DicomDeidentifyHash, HmacSha256MatchesRfc4231) {
    EXPECT_EQ(toHex(hmacSha256("Jefe", "what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 6: a key longer than a block is hashed first.
    EXPECT_EQ(toHex(hmacSha256(std::string(131, '\xaa'),
                               "Test Using Larger Than Block-Size Key - Hash Key First")),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    EXPECT_EQ(toHex(hmacSha256("Jefe", "x"), 4).size(), 8u);
}

TEST(DicomDeidentifyUidMap, NewUidIsTheUuidFormOfTheKeyedHash) {
    DicomUidMap uids("segloop-test-salt");
    // Python: HMAC-SHA-256(salt, uid)[:16], version 8 and variant bits set, as an integer.
    EXPECT_EQ(uids.map("1.2.3.4"), "2.25.55940943204952239797382608506484950159");
    EXPECT_EQ(uids.patientPseudonym("PGBM-003"), "ANON101393468F4AE5A6");
}

TEST(DicomDeidentifyUidMap, UidsAreValidShortAndDistinct) {
    DicomUidMap uids("salt");
    const std::regex form(R"(2\.25\.(0|[1-9][0-9]*))");
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {
        const std::string uid = uids.map("1.2.826.0.1.3680043.8.498." + std::to_string(i));
        EXPECT_TRUE(std::regex_match(uid, form)) << uid;
        EXPECT_LE(uid.size(), 44u) << uid;  // 2^128 has 39 digits
        EXPECT_TRUE(seen.insert(uid).second) << uid;
    }
    EXPECT_EQ(uids.mappings().size(), 2000u);
}

TEST(DicomDeidentifyUidMap, SameSaltSameUidsOtherSaltOtherUids) {
    DicomUidMap first("hospital secret");
    DicomUidMap second("hospital secret");
    DicomUidMap other("another secret");
    const std::string original = "1.3.6.1.4.1.14519.5.2.1.4429.7055.812059520220877654137991744184";
    const std::string mapped = first.map(original);
    EXPECT_EQ(first.map(original), mapped);  // again, from the recorded mapping
    EXPECT_EQ(second.map(original), mapped);
    EXPECT_EQ(first.uidFor(original), mapped);
    EXPECT_NE(other.map(original), mapped);
    EXPECT_EQ(first.mappings().at(original), mapped);
    EXPECT_EQ(first.patientPseudonym("PGBM-003"), second.patientPseudonym("PGBM-003"));
    EXPECT_NE(first.patientPseudonym("PGBM-003"), other.patientPseudonym("PGBM-003"));
    EXPECT_NE(first.patientPseudonym("PGBM-003"), first.patientPseudonym("PGBM-004"));
}

TEST(DicomDeidentifyUidMap, PaddingDoesNotChangeTheMapping) {
    DicomUidMap uids("salt");
    const std::string mapped = uids.map("1.2.3");
    EXPECT_EQ(uids.map(std::string("1.2.3") + '\0'), mapped);  // UI values are NUL padded
    EXPECT_EQ(uids.map(" 1.2.3 "), mapped);
    EXPECT_EQ(uids.mappings().size(), 1u);
}

TEST(DicomDeidentifyUidMap, RefusesAnEmptyUid) {
    DicomUidMap uids("salt");
    EXPECT_THROW(uids.map(""), Error);
    EXPECT_THROW(uids.map(std::string(1, '\0')), Error);
    EXPECT_TRUE(uids.mappings().empty());
}

}  // namespace
}  // namespace segloop
