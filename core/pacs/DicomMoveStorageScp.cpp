#include "core/pacs/DicomMoveStorageScp.h"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmnet/dimse.h"

#include "core/Error.h"
#include "core/pacs/DicomAssociation.h"
#include "core/pacs/DicomStorageClasses.h"
#include "core/pacs/DicomStoreReceiver.h"

namespace segloop {

namespace {

constexpr long kMaxReceivePdu = 65536;

std::string trimmed(const char* text) {
    std::string value(text);
    const size_t begin = value.find_first_not_of(' ');
    const size_t end = value.find_last_not_of(' ');
    return begin == std::string::npos ? std::string() : value.substr(begin, end - begin + 1);
}

void reject(T_ASC_Association* association, T_ASC_RejectParameters rejection) {
    ASC_rejectAssociation(association, &rejection);
    ASC_dropAssociation(association);
    ASC_destroyAssociation(&association);
}

/// DCMTK wants arrays of C strings.
std::vector<const char*> cStrings(const std::vector<std::string>& strings) {
    std::vector<const char*> pointers;
    for (const std::string& text : strings) {
        pointers.push_back(text.c_str());
    }
    return pointers;
}

}  // namespace

DicomMoveStorageScp::DicomMoveStorageScp(const DicomNode& node, ReceivedFiles& files,
                                         std::function<void()> onFile)
    : node_(node), files_(files), onFile_(std::move(onFile)) {}

DicomMoveStorageScp::~DicomMoveStorageScp() {
    if (open_ != nullptr) {
        close(&open_, true);
    }
}

void DicomMoveStorageScp::serve(void* scp, T_ASC_Network* network,
                                T_ASC_Association** association) {
    auto& self = *static_cast<DicomMoveStorageScp*>(scp);
    try {
        if (*association == nullptr) {
            self.accept(network, association);
        } else {
            self.serveOneMessage(association);
        }
    } catch (...) {
        if (!self.error_) {
            self.error_ = std::current_exception();
        }
        self.stopped_ = true;
        if (*association != nullptr) {
            self.close(association, true);
        }
    }
}

void DicomMoveStorageScp::accept(T_ASC_Network* network, T_ASC_Association** association) {
    T_ASC_Association* incoming = nullptr;
    OFCondition condition = ASC_receiveAssociation(network, &incoming, kMaxReceivePdu);
    if (condition.bad()) {
        ASC_dropAssociation(incoming);
        ASC_destroyAssociation(&incoming);
        return;  // a connection that never became an association: nothing to serve
    }
    char calling[65] = {};
    char called[65] = {};
    ASC_getAPTitles(incoming->params, calling, sizeof(calling), called, sizeof(called), nullptr, 0);
    if (stopped_) {
        reject(incoming,
               {ASC_RESULT_REJECTEDTRANSIENT, ASC_SOURCE_SERVICEUSER, ASC_REASON_SU_NOREASON});
        return;
    }
    if (trimmed(called) != node_.localAeTitle) {
        reject(incoming, {ASC_RESULT_REJECTEDPERMANENT, ASC_SOURCE_SERVICEUSER,
                          ASC_REASON_SU_CALLEDAETITLENOTRECOGNIZED});
        return;
    }
    const std::vector<std::string> storageClasses = allStorageClasses();
    std::vector<const char*> classes = cStrings(storageClasses);
    std::vector<const char*> syntaxes = cStrings(readableTransferSyntaxes());
    const char* verification[] = {UID_VerificationSOPClass};
    ASC_acceptContextsWithPreferredTransferSyntaxes(incoming->params, verification, 1,
                                                    syntaxes.data(), 2);
    ASC_acceptContextsWithPreferredTransferSyntaxes(
        incoming->params, classes.data(), static_cast<int>(classes.size()), syntaxes.data(),
        static_cast<int>(syntaxes.size()));
    condition = ASC_acknowledgeAssociation(incoming);
    if (condition.bad()) {
        ASC_dropAssociation(incoming);
        ASC_destroyAssociation(&incoming);
        return;
    }
    disableNagle(incoming);
    *association = incoming;
    open_ = incoming;
}

void DicomMoveStorageScp::serveOneMessage(T_ASC_Association** association) {
    T_DIMSE_Message message{};
    T_ASC_PresentationContextID contextId = 0;
    const OFCondition condition = DIMSE_receiveCommand(
        *association, DIMSE_NONBLOCKING, node_.dimseTimeoutSeconds, &contextId, &message, nullptr);
    if (condition == DUL_PEERREQUESTEDRELEASE) {
        ASC_acknowledgeRelease(*association);
        close(association, false);
        return;
    }
    if (condition == DUL_PEERABORTEDASSOCIATION) {
        close(association, false);  // the C-MOVE's final status says what went wrong
        return;
    }
    if (condition.bad()) {
        throw Error(describeDicomNode(node_),
                    "C-MOVE: receiving a file failed: " +
                        describeNetworkCondition(condition, node_.dimseTimeoutSeconds));
    }
    switch (message.CommandField) {
        case DIMSE_C_ECHO_RQ:
            DIMSE_sendEchoResponse(*association, contextId, &message.msg.CEchoRQ, STATUS_Success,
                                   nullptr);
            return;
        case DIMSE_C_STORE_RQ: {
            if (stopped_) {  // cancelled, and the node sends on regardless
                close(association, true);
                return;
            }
            const OFCondition stored =
                receiveStoreRequest(*association, contextId, message.msg.CStoreRQ, files_,
                                    node_.dimseTimeoutSeconds, onFile_);
            if (stored.bad()) {
                throw Error(describeDicomNode(node_),
                            "C-MOVE: receiving a file failed: " +
                                describeNetworkCondition(stored, node_.dimseTimeoutSeconds));
            }
            return;
        }
        default: {
            char command[16];
            std::snprintf(command, sizeof(command), "0x%04X",
                          static_cast<unsigned>(message.CommandField));
            throw Error(describeDicomNode(node_),
                        std::string("C-MOVE: the node sent an unexpected DIMSE command ") +
                            command + " on the storage association");
        }
    }
}

void DicomMoveStorageScp::close(T_ASC_Association** association, bool abort) {
    if (abort) {
        ASC_abortAssociation(*association);
    }
    ASC_dropSCPAssociation(*association, 2);  // let the node close its end first, briefly
    ASC_destroyAssociation(association);
    *association = nullptr;
    open_ = nullptr;
}

}  // namespace segloop
