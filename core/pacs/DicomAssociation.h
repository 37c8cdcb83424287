#pragma once

#include <string>
#include <vector>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmnet/assoc.h"

#include "core/Error.h"
#include "core/pacs/DicomNode.h"

namespace segloop {

/// Internal to core/pacs: one presentation context to propose (an abstract syntax, the
/// transfer syntaxes we can handle, best first, and our role).
struct DicomPresentationContext {
    std::string abstractSyntax;
    std::vector<std::string> transferSyntaxes;
    T_ASC_SC_ROLE role = ASC_SC_ROLE_DEFAULT;  ///< ASC_SC_ROLE_SCP for C-GET's storage
};

/// Internal to core/pacs: one DIMSE association with a node, opened by the constructor and
/// aborted by the destructor unless release() ran first. Owns its DCMTK network, which also
/// listens on `acceptorPort` when that is not 0 (C-MOVE's storage sub-associations arrive
/// there). One thread at a time. Every failure is a segloop::Error whose subject is the node
/// ("AE@host:port") and whose problem says what went wrong in words a user can act on.
class DicomAssociation {
  public:
    /// Connects and negotiates. Throws Error: invalid node, nothing listening, no connection
    /// within the connect timeout, unknown host, association rejected (naming the reason, e.g.
    /// the called AE title the node does not answer to), or none of `contexts` accepted.
    DicomAssociation(const DicomNode& node, const std::vector<DicomPresentationContext>& contexts,
                     int acceptorPort = 0);
    ~DicomAssociation();
    DicomAssociation(const DicomAssociation&) = delete;
    DicomAssociation& operator=(const DicomAssociation&) = delete;

    T_ASC_Association* get() { return association_; }
    T_ASC_Network* network() { return network_; }
    const DicomNode& node() const { return node_; }
    /// "AE@host:port": the subject of every error about this node.
    const std::string& subject() const { return subject_; }
    int dimseTimeoutSeconds() const { return node_.dimseTimeoutSeconds; }

    /// The accepted presentation context for `abstractSyntax`; throws Error naming the service
    /// when the node refused it.
    T_ASC_PresentationContextID contextFor(const std::string& abstractSyntax);
    /// The accepted presentation context for exactly this abstract and transfer syntax, or 0.
    /// (DCMTK's own lookup with a transfer syntax falls back to any other one.)
    T_ASC_PresentationContextID exactContext(const std::string& abstractSyntax,
                                             const std::string& transferSyntax);
    /// The transfer syntax the node accepted for context `id` ("" when none).
    std::string acceptedTransferSyntax(T_ASC_PresentationContextID id);
    /// A fresh message ID for a request on this association.
    DIC_US nextMessageId() { return association_->nextMsgID++; }

    /// Releases the association (aborts it when the node does not answer the release).
    void release();
    /// Aborts the association at once (A-ABORT), e.g. to stop a C-STORE half way.
    void abort();
    bool isOpen() const { return association_ != nullptr; }

    /// An Error about this node: `during` (e.g. "C-FIND") failed because of `condition`
    /// (timeout, the node aborted, connection lost...).
    Error failure(const std::string& during, const OFCondition& condition) const;

  private:
    void destroy();

    DicomNode node_;
    std::string subject_;
    T_ASC_Network* network_ = nullptr;
    T_ASC_Association* association_ = nullptr;
};

/// Internal to core/pacs: turns Nagle's algorithm off on the association's socket (unless the
/// environment says TCP_NODELAY=0). DCMTK 3.6.7 leaves it on unless the process environment
/// has TCP_NODELAY=1, and then every C-STORE waits for the peer's delayed ACK: about 90 ms a
/// file on loopback (3 s for 32 small slices instead of 0.06 s when both ends turn it off).
void disableNagle(T_ASC_Association* association);

/// Internal to core/pacs: what a DCMTK network condition means for a user, e.g. "no answer
/// within 30 seconds (DIMSE timeout)", "the node aborted the association".
std::string describeNetworkCondition(const OFCondition& condition, int timeoutSeconds);

/// Internal to core/pacs: "status 0xA700 (Refused: Out of Resources)" for a DIMSE status,
/// `describe` being one of DCMTK's DU_c*StatusString functions.
std::string describeDimseStatus(unsigned short status, const char* (*describe)(Uint16));

}  // namespace segloop
