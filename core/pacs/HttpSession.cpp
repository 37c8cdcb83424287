#include "core/pacs/HttpSession.h"

#include <curl/curl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <mutex>

#include <nlohmann/json.hpp>

#include "core/Error.h"

namespace segloop {

namespace {

/// "1 second", "30 seconds".
std::string seconds(int count) {
    return std::to_string(count) + (count == 1 ? " second" : " seconds");
}

constexpr size_t kMaxErrorBody = 64 * 1024;

/// What the libcurl callbacks of one transfer share; they never throw.
struct Transfer {
    CURL* curl = nullptr;
    const HttpRequest* request = nullptr;
    HttpResponse* response = nullptr;
    bool decided = false;  ///< the status is known: stream or collect
    bool streaming = false;
    bool started = false;  ///< onStart has run
    std::exception_ptr error;
};

size_t onWrite(char* data, size_t size, size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    if (!transfer.decided) {
        long status = 0;
        curl_easy_getinfo(transfer.curl, CURLINFO_RESPONSE_CODE, &status);
        transfer.streaming = transfer.request->onBody && status >= 200 && status < 300;
        transfer.decided = true;
    }
    if (transfer.streaming) {
        try {
            if (!transfer.started) {
                transfer.started = true;
                char* contentType = nullptr;
                curl_easy_getinfo(transfer.curl, CURLINFO_CONTENT_TYPE, &contentType);
                if (transfer.request->onStart) {
                    transfer.request->onStart(contentType != nullptr ? contentType : "");
                }
            }
            if (!transfer.request->onBody(data, bytes)) {
                transfer.response->stopped = true;
                return 0;
            }
        } catch (...) {
            transfer.error = std::current_exception();
            return 0;
        }
        return bytes;
    }
    std::string& body = transfer.response->body;
    if (!transfer.request->onBody || body.size() < kMaxErrorBody) {
        body.append(data, bytes);
    }
    return bytes;
}

int onTransferInfo(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto& transfer = *static_cast<Transfer*>(user);
    if (!transfer.request->keepGoing) {
        return 0;
    }
    try {
        if (!transfer.request->keepGoing()) {
            transfer.response->stopped = true;
            return 1;
        }
    } catch (...) {
        transfer.error = std::current_exception();
        return 1;
    }
    return 0;
}

bool has(const std::string& text, const char* words) {
    return text.find(words) != std::string::npos;
}

std::string describeCurlFailure(CURLcode code, const std::string& detail, long systemError,
                                const DicomWebServer& server) {
    const std::string why = detail.empty() ? curl_easy_strerror(code) : detail;
    switch (code) {
        case CURLE_COULDNT_CONNECT:
            if (systemError == ECONNREFUSED || has(why, "refused")) {
                return "nothing is listening (connection refused): is the server running, and is "
                       "the address right?";
            }
            return "cannot connect (" + why + ")";
        case CURLE_COULDNT_RESOLVE_HOST:
            return "unknown host (" + why + ")";
        case CURLE_OPERATION_TIMEDOUT:
            if (has(why, "too slow")) {
                return "the transfer stalled (nothing moved for " +
                       seconds(server.stallTimeoutSeconds) + ")";
            }
            return "no connection within " + seconds(server.connectTimeoutSeconds) +
                   " (connect timeout): is the host reachable?";
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
            return "TLS failure (" + why + ")";
        case CURLE_GOT_NOTHING:
            return "the server closed the connection without answering";
        default:
            return "HTTP transfer failed (" + why + ")";
    }
}

/// What an error answer says: the message of a JSON error object (Orthanc: "Details" or
/// "Message"), else the body's first line that is not empty.
std::string serverMessage(const std::string& body) {
    const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_object()) {
        for (const char* key : {"Details", "Message", "message", "error"}) {
            if (json.contains(key) && json[key].is_string() &&
                !json[key].get<std::string>().empty()) {
                return json[key].get<std::string>();
            }
        }
        return {};
    }
    size_t begin = 0;
    while (begin < body.size()) {
        const size_t end = std::min(body.find_first_of("\r\n", begin), body.size());
        const std::string line = body.substr(begin, end - begin);
        if (line.find_first_not_of(" \t") != std::string::npos) {
            return line;
        }
        begin = end + 1;
    }
    return {};
}

}  // namespace

HttpSession::HttpSession(const DicomWebServer& server)
    : server_(server), subject_(describeDicomWebServer(server)) {
    validateDicomWebServer(server);
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl_ = curl_easy_init();
    if (curl_ == nullptr) {
        throw Error(subject_, "cannot start libcurl");
    }
}

HttpSession::~HttpSession() {
    curl_easy_cleanup(static_cast<CURL*>(curl_));
}

std::string escapeQueryValue(const std::string& text) {
    static const char hex[] = "0123456789ABCDEF";
    std::string escaped;
    for (const char c : text) {
        const auto code = static_cast<unsigned char>(c);
        const bool alphanumeric = (code >= '0' && code <= '9') || (code >= 'A' && code <= 'Z') ||
                                  (code >= 'a' && code <= 'z');
        if (alphanumeric || (c != '\0' && std::strchr("-._~*?^,:/@", c) != nullptr)) {
            escaped += c;
        } else {
            escaped += '%';
            escaped += hex[code >> 4];
            escaped += hex[code & 15];
        }
    }
    return escaped;
}

HttpResponse HttpSession::perform(const HttpRequest& request) {
    CURL* curl = static_cast<CURL*>(curl_);
    curl_easy_reset(curl);  // options only: the connection stays in the cache
    HttpResponse response;
    Transfer transfer;
    transfer.curl = curl;
    transfer.request = &request;
    transfer.response = &response;
    char errorText[CURL_ERROR_SIZE] = {};

    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
                     static_cast<long>(server_.connectTimeoutSeconds));
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(server_.stallTimeoutSeconds));
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, server_.verifyTls ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, server_.verifyTls ? 2L : 0L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onWrite);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, onTransferInfo);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
    if (!server_.username.empty()) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        curl_easy_setopt(curl, CURLOPT_USERNAME, server_.username.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, server_.password.c_str());
    }
    curl_slist* headers = nullptr;
    for (const std::string& header : request.headers) {
        headers = curl_slist_append(headers, header.c_str());
    }
    if (!server_.bearerToken.empty()) {
        headers =
            curl_slist_append(headers, ("Authorization: Bearer " + server_.bearerToken).c_str());
    }
    if (request.method == "POST") {
        headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS,
                         request.body != nullptr ? request.body->data() : "");
        curl_easy_setopt(
            curl, CURLOPT_POSTFIELDSIZE_LARGE,
            static_cast<curl_off_t>(request.body != nullptr ? request.body->size() : 0));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (transfer.error) {
        std::rethrow_exception(transfer.error);
    }
    if (response.stopped) {
        return response;
    }
    if (code != CURLE_OK) {
        long systemError = 0;
        curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &systemError);
        throw Error(subject_, describeCurlFailure(code, errorText, systemError, server_));
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    char* contentType = nullptr;
    if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &contentType) == CURLE_OK &&
        contentType != nullptr) {
        response.contentType = contentType;
    }
    return response;
}

std::string describeHttpFailure(const HttpResponse& response) {
    std::string reason;
    switch (response.status) {
        case 400:
            reason = " (Bad Request)";
            break;
        case 401:
            reason = " (Unauthorized: check the user name and password)";
            break;
        case 403:
            reason = " (Forbidden: check the user's rights)";
            break;
        case 404:
            reason = " (Not Found: check the DICOMweb address, or the object is not there)";
            break;
        case 406:
            reason = " (Not Acceptable)";
            break;
        case 409:
            reason = " (Conflict)";
            break;
        case 415:
            reason = " (Unsupported Media Type)";
            break;
        case 500:
            reason = " (Internal Server Error)";
            break;
        case 503:
            reason = " (Service Unavailable)";
            break;
        default:
            break;
    }
    std::string text = "HTTP " + std::to_string(response.status) + reason;
    std::string said = serverMessage(response.body);
    if (said.size() > 200) {
        said = said.substr(0, 200) + "...";
    }
    return said.empty() ? text : text + ": " + said;
}

}  // namespace segloop
