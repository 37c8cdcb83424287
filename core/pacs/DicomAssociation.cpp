#include "core/pacs/DicomAssociation.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmnet/cond.h"
#include "dcmtk/dcmnet/dcmtrans.h"
#include "dcmtk/dcmnet/dul.h"
#include "dcmtk/ofstd/ofstd.h"

namespace segloop {

namespace {

/// "1 second", "30 seconds".
std::string seconds(int count) {
    return std::to_string(count) + (count == 1 ? " second" : " seconds");
}

constexpr long kMaxReceivePdu = 65536;

/// DCMTK 3.6.7 has no public getter for a connection's socket: its protected one is reached
/// through a pointer to member taken in a derived class (never instantiated).
struct SocketOf : DcmTransportConnection {
    static DcmNativeSocketType get(DcmTransportConnection& connection) {
        return (connection.*(&SocketOf::getSocket))();
    }
};

bool textHas(const OFCondition& condition, const char* words) {
    return std::string(condition.text()).find(words) != std::string::npos;
}

std::string rejectionReason(T_ASC_Parameters* params, const DicomNode& node) {
    T_ASC_RejectParameters rejection{};
    ASC_getRejectParameters(params, &rejection);
    const std::string lasting =
        rejection.result == ASC_RESULT_REJECTEDTRANSIENT ? " for now (transient)" : "";
    switch (rejection.reason) {
        case ASC_REASON_SU_CALLEDAETITLENOTRECOGNIZED:
            return "association rejected" + lasting +
                   ": the node does not answer to the called AE title \"" + node.aeTitle +
                   "\" (wrong AE title for this node?)";
        case ASC_REASON_SU_CALLINGAETITLENOTRECOGNIZED:
            return "association rejected" + lasting + ": the node does not know our AE title \"" +
                   node.localAeTitle + "\" (add it to the node's list of DICOM modalities)";
        case ASC_REASON_SU_APPCONTEXTNAMENOTSUPPORTED:
            return "association rejected" + lasting +
                   ": the node does not support the DICOM application context";
        case ASC_REASON_SP_PRES_TEMPORARYCONGESTION:
        case ASC_REASON_SP_PRES_LOCALLIMITEXCEEDED:
            return "association rejected" + lasting + ": the node is busy (too many associations)";
        default: {
            OFString text;
            ASC_printRejectParameters(text, &rejection);
            std::string flat(text.c_str());
            for (char& c : flat) {
                if (c == '\n') {
                    c = ' ';
                }
            }
            return "association rejected" + lasting + " (" + flat + ")";
        }
    }
}

}  // namespace

void disableNagle(T_ASC_Association* association) {
    const char* setting = std::getenv("TCP_NODELAY");
    if (association == nullptr || association->DULassociation == nullptr ||
        (setting != nullptr && std::strcmp(setting, "0") == 0)) {
        return;
    }
    DcmTransportConnection* connection = DUL_getTransportConnection(association->DULassociation);
    if (connection != nullptr) {
        const int on = 1;
        setsockopt(SocketOf::get(*connection), IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    }
}

std::string describeNetworkCondition(const OFCondition& condition, int timeoutSeconds) {
    if (condition == DIMSE_NODATAAVAILABLE || condition == DUL_READTIMEOUT) {
        return "no answer within " + seconds(timeoutSeconds) + " (DIMSE timeout)";
    }
    if (condition == DUL_PEERABORTEDASSOCIATION) {
        return "the node aborted the association";
    }
    if (condition == DUL_PEERREQUESTEDRELEASE) {
        return "the node closed the association in the middle of the operation";
    }
    if (condition == DUL_NETWORKCLOSED) {
        return "the connection was closed";
    }
    return std::string("network error (") + condition.text() + ")";
}

std::string describeDimseStatus(unsigned short status, const char* (*describe)(Uint16)) {
    char code[16];
    std::snprintf(code, sizeof(code), "0x%04X", static_cast<unsigned>(status));
    return std::string("status ") + code + " (" + describe(status) + ")";
}

DicomAssociation::DicomAssociation(const DicomNode& node,
                                   const std::vector<DicomPresentationContext>& contexts,
                                   int acceptorPort)
    : node_(node), subject_(describeDicomNode(node)) {
    validateDicomNode(node);
    // A process-wide DCMTK setting: the TCP connect timeout of the next association request.
    dcmConnectionTimeout.set(node.connectTimeoutSeconds);
    OFCondition condition =
        ASC_initializeNetwork(acceptorPort > 0 ? NET_ACCEPTORREQUESTOR : NET_REQUESTOR,
                              acceptorPort, node.connectTimeoutSeconds, &network_);
    if (condition.bad()) {
        throw Error(subject_,
                    acceptorPort > 0
                        ? "cannot listen on our port " + std::to_string(acceptorPort) +
                              " for the files of a C-MOVE (" + condition.text() +
                              "): is another program using that port?"
                        : std::string("cannot set up the network (") + condition.text() + ")");
    }

    T_ASC_Parameters* params = nullptr;
    condition = ASC_createAssociationParameters(&params, kMaxReceivePdu);
    if (condition.bad()) {
        destroy();
        throw Error(subject_,
                    std::string("cannot prepare an association (") + condition.text() + ")");
    }
    ASC_setAPTitles(params, node.localAeTitle.c_str(), node.aeTitle.c_str(), nullptr);
    const std::string peer = node.host + ":" + std::to_string(node.port);
    ASC_setPresentationAddresses(params, OFStandard::getHostName().c_str(), peer.c_str());
    int contextId = 1;
    for (const DicomPresentationContext& context : contexts) {
        std::vector<const char*> syntaxes;
        for (const std::string& syntax : context.transferSyntaxes) {
            syntaxes.push_back(syntax.c_str());
        }
        ASC_addPresentationContext(params, static_cast<T_ASC_PresentationContextID>(contextId),
                                   context.abstractSyntax.c_str(), syntaxes.data(),
                                   static_cast<int>(syntaxes.size()), context.role);
        contextId += 2;
    }

    condition = ASC_requestAssociation(network_, params, &association_);
    if (association_ == nullptr) {
        ASC_destroyAssociationParameters(&params);  // not handed over
    }
    if (condition.bad()) {
        std::string problem;
        if (condition == DUL_ASSOCIATIONREJECTED) {
            problem = rejectionReason(params, node);
        } else if (textHas(condition, "refused")) {
            problem =
                "nothing is listening (connection refused): is the node running, and are "
                "the host and port right?";
        } else if (textHas(condition, "unknown host")) {
            problem = "unknown host \"" + node.host + "\"";
        } else if (condition == DUL_READTIMEOUT) {
            problem = "no answer to the association request within " +
                      seconds(node.connectTimeoutSeconds) +
                      " (connect timeout): is this port a DICOM node's?";
        } else if (textHas(condition, "Timeout") || textHas(condition, "timed out")) {
            problem = "no connection within " + seconds(node.connectTimeoutSeconds) +
                      " (connect timeout): is the host reachable?";
        } else if (condition == DUL_PEERABORTEDASSOCIATION) {
            problem = "the node aborted the association request";
        } else {
            problem = std::string("cannot connect (") + condition.text() + ")";
        }
        destroy();
        throw Error(subject_, problem);
    }
    disableNagle(association_);
    if (ASC_countAcceptedPresentationContexts(params) == 0) {
        std::string services;
        for (const DicomPresentationContext& context : contexts) {
            services += (services.empty() ? "" : ", ");
            services +=
                dcmFindNameOfUID(context.abstractSyntax.c_str(), context.abstractSyntax.c_str());
            if (services.size() > 200) {
                services += ", ...";
                break;
            }
        }
        abort();
        throw Error(subject_,
                    "the node accepted the association but none of the services asked for (" +
                        services + ")");
    }
}

DicomAssociation::~DicomAssociation() {
    if (association_ != nullptr) {
        abort();
    }
    destroy();
}

T_ASC_PresentationContextID DicomAssociation::exactContext(const std::string& abstractSyntax,
                                                           const std::string& transferSyntax) {
    const int count = ASC_countPresentationContexts(association_->params);
    for (int i = 0; i < count; ++i) {
        T_ASC_PresentationContext context{};
        if (ASC_getPresentationContext(association_->params, i, &context).good() &&
            context.resultReason == ASC_P_ACCEPTANCE && abstractSyntax == context.abstractSyntax &&
            transferSyntax == context.acceptedTransferSyntax) {
            return context.presentationContextID;
        }
    }
    return 0;
}

std::string DicomAssociation::acceptedTransferSyntax(T_ASC_PresentationContextID id) {
    T_ASC_PresentationContext context{};
    if (ASC_findAcceptedPresentationContext(association_->params, id, &context).bad()) {
        return {};
    }
    return context.acceptedTransferSyntax;
}

T_ASC_PresentationContextID DicomAssociation::contextFor(const std::string& abstractSyntax) {
    const T_ASC_PresentationContextID id =
        ASC_findAcceptedPresentationContextID(association_, abstractSyntax.c_str());
    if (id == 0) {
        throw Error(subject_, std::string("the node refused the service ") +
                                  dcmFindNameOfUID(abstractSyntax.c_str(), abstractSyntax.c_str()));
    }
    return id;
}

void DicomAssociation::release() {
    if (association_ == nullptr) {
        return;
    }
    if (ASC_releaseAssociation(association_).bad()) {
        ASC_abortAssociation(association_);
    }
    destroy();
}

void DicomAssociation::abort() {
    if (association_ != nullptr) {
        ASC_abortAssociation(association_);
    }
    destroy();
}

Error DicomAssociation::failure(const std::string& during, const OFCondition& condition) const {
    return Error(subject_, during + " failed: " +
                               describeNetworkCondition(condition, node_.dimseTimeoutSeconds));
}

void DicomAssociation::destroy() {
    if (association_ != nullptr) {
        ASC_destroyAssociation(&association_);
        association_ = nullptr;
    }
    if (network_ != nullptr) {
        ASC_dropNetwork(&network_);
        network_ = nullptr;
    }
}

}  // namespace segloop
