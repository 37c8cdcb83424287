// The WADO-RS multipart reader: parts come out whole whatever the chunking, and bodies that are
// cut short or not multipart are refused.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/pacs/MultipartReader.h"

namespace segloop {
namespace {

struct Part {
    MultipartReader::Headers headers;
    std::string body;
    bool ended = false;
};

/// Feeds `body` in chunks of the given sizes (cycled); returns the parts read.
std::vector<Part> read(const std::string& boundary, const std::string& body,
                       const std::vector<size_t>& chunks, bool finish = true) {
    std::vector<Part> parts;
    MultipartReader reader(
        boundary, {[&](const MultipartReader::Headers& headers) {
                       parts.push_back({headers, {}, false});
                   },
                   [&](const char* data, size_t size) { parts.back().body.append(data, size); },
                   [&] { parts.back().ended = true; }});
    size_t at = 0;
    for (size_t i = 0; at < body.size(); ++i) {
        const size_t size = std::min(chunks[i % chunks.size()], body.size() - at);
        reader.feed(body.data() + at, size);
        at += size;
    }
    if (finish) {
        reader.finish();
    }
    return parts;
}

/// Binary bodies that look like delimiters without being one.
std::string trickyBytes(size_t size, unsigned seed) {
    std::mt19937 random(seed);
    std::string bytes;
    const std::string pieces[] = {"\r\n",          "--", "\r\n--", "\r\n--b0und",
                                  "\r\n--b0undar", "x",  "\0"};
    while (bytes.size() < size) {
        bytes +=
            random() % 3 == 0 ? pieces[random() % 7] : std::string(1, static_cast<char>(random()));
    }
    // A body never holds the delimiter itself (RFC 2046): break any that chance made.
    for (size_t at = bytes.find("\r\n--b0undary"); at != std::string::npos;
         at = bytes.find("\r\n--b0undary")) {
        bytes[at + 4] = 'B';
    }
    return bytes;
}

std::string multipart(const std::vector<std::string>& bodies) {
    std::string text = "preamble to ignore\r\n";
    for (const std::string& body : bodies) {
        text += "--b0undary\r\nContent-Type: application/dicom\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n\r\n" + body + "\r\n";
    }
    return text + "--b0undary--\r\nepilogue to ignore";
}

TEST(MultipartReaderTest, PartsComeOutWholeWhateverTheChunks) {
    const std::vector<std::string> bodies = {trickyBytes(5000, 1), "", trickyBytes(70000, 2)};
    const std::string body = multipart(bodies);
    for (const std::vector<size_t>& chunks :
         std::vector<std::vector<size_t>>{{body.size()}, {1}, {2, 3, 5}, {7, 1, 4096}, {16384}}) {
        const std::vector<Part> parts = read("b0undary", body, chunks);
        ASSERT_EQ(parts.size(), bodies.size());
        for (size_t i = 0; i < bodies.size(); ++i) {
            EXPECT_TRUE(parts[i].body == bodies[i])
                << "part " << i << ", first chunk " << chunks[0];
            EXPECT_TRUE(parts[i].ended);
            EXPECT_EQ(parts[i].headers.at("content-type"), "application/dicom");
            EXPECT_EQ(parts[i].headers.at("content-length"), std::to_string(bodies[i].size()));
        }
    }
}

TEST(MultipartReaderTest, NoPreambleNoHeadersAndTransportPadding) {
    const std::string body =
        "--b\r\n\r\nfirst\r\n--b  \t\r\nX-Name:  folded\r\n  on\r\n\r\nsecond\r\n--b--";
    const std::vector<Part> parts = read("b", body, {1});
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_TRUE(parts[0].headers.empty());
    EXPECT_EQ(parts[0].body, "first");
    EXPECT_EQ(parts[1].headers.at("x-name"), "folded on");
    EXPECT_EQ(parts[1].body, "second");
}

TEST(MultipartReaderTest, ACutShortAnswerIsRefused) {
    const std::string body = multipart({"abc", "defgh"});
    for (size_t cut :
         {size_t{10}, body.find("abc"), body.find("defg"), body.rfind("--b0undary--") + 5}) {
        EXPECT_THROW(read("b0undary", body.substr(0, cut), {3}), Error) << "cut at " << cut;
    }
}

TEST(MultipartReaderTest, AWrongBoundaryIsRefused) {
    EXPECT_THROW(read("other", multipart({"abc"}), {64}), Error);
    EXPECT_THROW(read("b0und", multipart({"abc"}), {64}), Error) << "a prefix of the real one";
    EXPECT_THROW(MultipartReader("", {}), Error);
}

TEST(MultipartReaderTest, BoundaryFromTheContentType) {
    EXPECT_EQ(multipartBoundary("multipart/related; type=\"application/dicom\"; boundary=abc"),
              "abc");
    EXPECT_EQ(multipartBoundary("multipart/related;BOUNDARY=\"a;b=c\";type=\"application/dicom\""),
              "a;b=c");
    EXPECT_EQ(multipartBoundary("multipart/related; type=\"x; boundary=no\""), "");
    EXPECT_EQ(multipartBoundary("application/dicom"), "");
}

}  // namespace
}  // namespace segloop
