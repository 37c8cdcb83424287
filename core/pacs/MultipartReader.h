#pragma once

#include <functional>
#include <map>
#include <string>

namespace segloop {

/// Reads a multipart body (RFC 2046; what WADO-RS answers with multipart/related) that
/// arrives in chunks of any size, and hands each part's headers and bytes on as they come, so
/// that a part of any size goes to disk without being held in memory. Handles a preamble, an
/// empty header block, transport padding after a delimiter, and an epilogue. One thread.
class MultipartReader {
  public:
    /// Header names are lower case ("content-type"); values are trimmed.
    using Headers = std::map<std::string, std::string>;
    struct Callbacks {
        std::function<void(const Headers&)> beginPart;
        std::function<void(const char* data, size_t size)> partData;
        std::function<void()> endPart;
    };

    /// `boundary` as the Content-Type's boundary parameter gives it (without the leading
    /// "--"); throws segloop::Error when it is empty or longer than 70 characters.
    MultipartReader(const std::string& boundary, Callbacks callbacks);

    /// The next bytes of the body. Throws segloop::Error (subject "multipart answer") when
    /// they cannot be multipart: a delimiter followed by junk, a header block over 64 KB.
    void feed(const char* data, size_t size);
    /// The body ended: throws segloop::Error when the closing delimiter never came (the answer
    /// was cut short), or ended inside a part.
    void finish();

    size_t partCount() const { return parts_; }

  private:
    enum class State { Preamble, AfterDelimiter, Headers, Body, Epilogue };
    void step();
    bool stepPreamble();
    bool stepAfterDelimiter();
    bool stepHeaders();
    bool stepBody();

    std::string delimiter_;  ///< "\r\n--" + boundary
    Callbacks callbacks_;
    State state_ = State::Preamble;
    std::string pending_;  ///< bytes not yet handed on
    size_t parts_ = 0;
};

/// The boundary parameter of a Content-Type such as `multipart/related; type="application/
/// dicom"; boundary="abc"` (quotes removed), or "" when it has none.
std::string multipartBoundary(const std::string& contentType);

}  // namespace segloop
