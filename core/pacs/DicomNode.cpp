#include "core/pacs/DicomNode.h"

#include "core/Error.h"

namespace segloop {

namespace {

/// DCMTK keeps "host:port" in a 64-byte buffer: longer host names cannot be used.
constexpr size_t kMaxHostLength = 57;

std::string portProblem(int port) {
    if (port < 1 || port > 65535) {
        return "is " + std::to_string(port) + " (a TCP port is 1 to 65535)";
    }
    return {};
}

}  // namespace

std::string describeDicomNode(const DicomNode& node) {
    return node.aeTitle + "@" + node.host + ":" + std::to_string(node.port);
}

std::string aeTitleProblem(const std::string& aeTitle) {
    if (aeTitle.empty()) {
        return "is empty (an AE title has 1 to 16 characters)";
    }
    if (aeTitle.size() > 16) {
        return "\"" + aeTitle + "\" is " + std::to_string(aeTitle.size()) +
               " characters long (at most 16)";
    }
    if (aeTitle.find_first_not_of(' ') == std::string::npos) {
        return "is only spaces";
    }
    for (const char c : aeTitle) {
        const auto code = static_cast<unsigned char>(c);
        if (code < 0x20 || code > 0x7e || c == '\\') {
            return "\"" + aeTitle +
                   "\" has a character that is not allowed (printable ASCII, no backslash)";
        }
    }
    return {};
}

void validateDicomNode(const DicomNode& node) {
    const std::string subject = describeDicomNode(node);
    if (const std::string problem = aeTitleProblem(node.aeTitle); !problem.empty()) {
        throw Error(subject, "the node's AE title " + problem);
    }
    if (const std::string problem = aeTitleProblem(node.localAeTitle); !problem.empty()) {
        throw Error(subject, "our own AE title " + problem);
    }
    if (node.host.empty()) {
        throw Error(subject, "no host name or address given");
    }
    if (node.host.size() > kMaxHostLength) {
        throw Error(subject, "the host name is longer than " + std::to_string(kMaxHostLength) +
                                 " characters");
    }
    if (const std::string problem = portProblem(node.port); !problem.empty()) {
        throw Error(subject, "the node's port " + problem);
    }
    if (const std::string problem = portProblem(node.localPort); !problem.empty()) {
        throw Error(subject, "our own port " + problem);
    }
    if (node.connectTimeoutSeconds <= 0 || node.dimseTimeoutSeconds <= 0) {
        throw Error(subject, "timeouts must be at least 1 second");
    }
}

}  // namespace segloop
