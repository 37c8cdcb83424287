#pragma once

#include <string>

namespace segloop {

/// A DICOMweb service (QIDO-RS, WADO-RS, STOW-RS) that SegLoop talks to over HTTP(S). A plain
/// value, cheap to copy, safe to hand to any thread.
struct DicomWebServer {
    /// The root below which "/studies" lives, e.g. "http://pacs:8042/dicom-web" (a trailing
    /// slash is ignored). http:// or https://.
    std::string baseUrl;
    std::string username;  ///< HTTP basic authentication when not empty
    std::string password;
    std::string bearerToken;         ///< "Authorization: Bearer ..." when not empty
    int connectTimeoutSeconds = 10;  ///< TCP (and TLS) connection
    int stallTimeoutSeconds = 60;    ///< give up when no byte moved for this long
    bool verifyTls = true;           ///< check the server's certificate (https)
};

/// The base URL without a trailing slash: how every message about the server names it.
std::string describeDicomWebServer(const DicomWebServer& server);

/// Throws segloop::Error (subject: the base URL) when the URL is not http(s)://host..., or a
/// timeout is not positive.
void validateDicomWebServer(const DicomWebServer& server);

}  // namespace segloop
