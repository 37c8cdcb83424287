#pragma once

#include <string>

namespace segloop {

/// A DICOM node (a PACS) that SegLoop talks to over DIMSE, and who SegLoop is to it. A plain
/// value, cheap to copy, safe to hand to any thread.
///
/// The remote side is `aeTitle`@`host`:`port`. `localAeTitle` is our calling AE title on every
/// association and the move destination of a C-MOVE; `localPort` is where our storage SCP
/// listens while a C-MOVE runs (the PACS must know `localAeTitle` at this host and port).
struct DicomNode {
    std::string aeTitle;                   ///< the node's (called) AE title, 1 to 16 characters
    std::string host;                      ///< host name or IP address
    int port = 104;                        ///< the node's DICOM port
    std::string localAeTitle = "SEGLOOP";  ///< our (calling) AE title, 1 to 16 characters
    int localPort = 11112;                 ///< our storage SCP's port during a C-MOVE
    int connectTimeoutSeconds = 10;        ///< TCP connect and association negotiation
    int dimseTimeoutSeconds = 30;          ///< waiting for any one DIMSE message
};

/// "AE@host:port", the way every message about the node names it, e.g. "ORTHANC@pacs:4242".
std::string describeDicomNode(const DicomNode& node);

/// Empty when `aeTitle` is a valid AE title (1 to 16 characters of printable ASCII, no
/// backslash, not only spaces), else the problem, e.g. "is 17 characters long (at most 16)".
std::string aeTitleProblem(const std::string& aeTitle);

/// Throws segloop::Error (subject: the node) naming the first problem: an invalid AE title
/// (ours or the node's), an empty or too long host name, a port outside 1..65535, a timeout
/// that is not positive.
void validateDicomNode(const DicomNode& node);

}  // namespace segloop
