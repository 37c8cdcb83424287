// SHA-256 against the FIPS 180-4 examples, and the UIDs derived from it.

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/hash/Sha256.h"
#include "storage/DerivedUid.h"
#include "storage/StorageTestSupport.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

std::string sha256Hex(const std::string& text) {
    Sha256 hash;
    hash.update(text);
    return Sha256::toHex(hash.finish());
}

TEST(Sha256Test, MatchesTheStandardExamples) {
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    Sha256 million;
    const std::string block(1000, 'a');
    for (int i = 0; i < 1000; ++i) {
        million.update(block);
    }
    EXPECT_EQ(Sha256::toHex(million.finish()),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(DerivedUidTest, IsAValidStableDicomUid) {
    const std::string uid = derivedUid("study", "1.2.3");
    EXPECT_EQ(uid.rfind("2.25.", 0), 0u);
    EXPECT_LE(uid.size(), 64u);
    EXPECT_NE(uid[5], '0') << "no leading zero in a UID component";
    EXPECT_EQ(uid.find_first_not_of("0123456789.", 0), std::string::npos);
    EXPECT_EQ(derivedUid("study", "1.2.3"), uid);
    EXPECT_NE(derivedUid("frame-of-reference", "1.2.3"), uid);
    EXPECT_NE(derivedUid("study", "1.2.4"), uid);
}

TEST(DerivedUidTest, FileContentDecidesTheSeriesUid) {
    test::TempDir temp;
    test::writeBytes(temp.file("a.nii"), "same bytes");
    test::writeBytes(temp.file("b.nii"), "same bytes");
    test::writeBytes(temp.file("c.nii"), "other bytes");
    EXPECT_EQ(seriesUidFromFileContent(temp.file("a.nii")),
              seriesUidFromFileContent(temp.file("b.nii")));
    EXPECT_NE(seriesUidFromFileContent(temp.file("a.nii")),
              seriesUidFromFileContent(temp.file("c.nii")));
    try {
        seriesUidFromFileContent(temp.file("absent.nii"));
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), temp.file("absent.nii"));
    }
}

}  // namespace
}  // namespace segloop
