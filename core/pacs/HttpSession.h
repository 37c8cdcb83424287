#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/pacs/DicomWebServer.h"

namespace segloop {

/// Internal to core/pacs: one HTTP request for HttpSession::perform().
struct HttpRequest {
    std::string method = "GET";  ///< GET or POST
    std::string url;
    std::vector<std::string> headers;   ///< "Name: value" lines
    const std::string* body = nullptr;  ///< POST body; must outlive perform()
    /// Called once, before onBody, when a 2xx answer's body begins: its Content-Type.
    std::function<void(const std::string& contentType)> onStart;
    /// Streams a 2xx answer's body, chunk by chunk; false stops the transfer. When empty, the
    /// body is collected into HttpResponse::body. An error answer is always collected.
    std::function<bool(const char* data, size_t size)> onBody;
    /// Polled during the transfer (about once a second, and as data moves); false cancels.
    std::function<bool()> keepGoing;
};

/// Internal to core/pacs: what came back.
struct HttpResponse {
    long status = 0;
    std::string contentType;
    std::string body;      ///< collected body (for an error answer, at most 64 KB of it)
    bool stopped = false;  ///< onBody or keepGoing stopped the transfer
};

/// Internal to core/pacs: HTTP over libcurl for the DICOMweb client, with the server's
/// authentication, TLS and timeouts. Keeps one connection alive between requests. One
/// thread at a time.
class HttpSession {
  public:
    explicit HttpSession(const DicomWebServer& server);
    ~HttpSession();
    HttpSession(const HttpSession&) = delete;
    HttpSession& operator=(const HttpSession&) = delete;

    /// Runs one request. Throws segloop::Error (subject: the server) when no answer came:
    /// nothing listening, unknown host, timeout, TLS failure. Rethrows what onBody threw.
    /// An HTTP error status is not thrown: look at HttpResponse::status.
    HttpResponse perform(const HttpRequest& request);

  private:
    DicomWebServer server_;
    std::string subject_;
    void* curl_ = nullptr;  ///< CURL*
};

/// Internal to core/pacs: `text` percent-encoded as a URL query value, leaving literal the
/// characters that QIDO-RS values use and servers accept unencoded: letters, digits, "-._~",
/// the wildcards "*" and "?", and "^" "," ":" "/" "@". Orthanc 1.10 with its DICOMweb plugin
/// 1.7 hands query values to QIDO-RS without decoding them, so "PGBM%2D002" would match
/// nothing there; values with spaces cannot match on such a server whatever is sent.
std::string escapeQueryValue(const std::string& text);

/// Internal to core/pacs: "HTTP 404 (Not Found): <first line of the body>" for messages.
std::string describeHttpFailure(const HttpResponse& response);

}  // namespace segloop
