#include "core/pacs/DicomWebServer.h"

#include "core/Error.h"

namespace segloop {

std::string describeDicomWebServer(const DicomWebServer& server) {
    std::string url = server.baseUrl;
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

void validateDicomWebServer(const DicomWebServer& server) {
    const std::string url = describeDicomWebServer(server);
    const bool http = url.rfind("http://", 0) == 0;
    const bool https = url.rfind("https://", 0) == 0;
    if (!http && !https) {
        throw Error(url.empty() ? "DICOMweb" : url,
                    "the DICOMweb address must begin with http:// or https://");
    }
    if (url.size() <= (http ? 7u : 8u)) {
        throw Error(url, "the DICOMweb address has no host");
    }
    if (url.find_first_of(" \t\r\n") != std::string::npos) {
        throw Error(url, "the DICOMweb address contains white space");
    }
    if (server.connectTimeoutSeconds <= 0 || server.stallTimeoutSeconds <= 0) {
        throw Error(url, "timeouts must be at least 1 second");
    }
}

}  // namespace segloop
