#include "core/pacs/DicomStoreReceiver.h"

#include <exception>
#include <string>

#include "dcmtk/dcmnet/cond.h"

#include "core/Error.h"

namespace segloop {

namespace {

struct StoreSession {
    ReceivedFiles* files = nullptr;
    std::string temporaryPath;
    const std::function<void()>* beforeResponse = nullptr;
    std::exception_ptr error;
};

void onStoreProgress(void* data, T_DIMSE_StoreProgress* progress, T_DIMSE_C_StoreRQ* request,
                     char* /*fileName*/, DcmDataset** /*dataset*/, T_DIMSE_C_StoreRSP* /*response*/,
                     DcmDataset** /*statusDetail*/) {
    if (progress->state != DIMSE_StoreEnd) {
        return;
    }
    auto& session = *static_cast<StoreSession*>(data);
    try {
        session.files->accept(session.temporaryPath, request->AffectedSOPInstanceUID);
        if (*session.beforeResponse) {
            (*session.beforeResponse)();
        }
    } catch (...) {
        session.error = std::current_exception();
    }
}

}  // namespace

OFCondition receiveStoreRequest(T_ASC_Association* association,
                                T_ASC_PresentationContextID contextId, T_DIMSE_C_StoreRQ& request,
                                ReceivedFiles& files, int timeoutSeconds,
                                const std::function<void()>& beforeResponse) {
    StoreSession session;
    session.files = &files;
    session.temporaryPath = files.reserve();
    session.beforeResponse = &beforeResponse;
    const OFCondition condition =
        DIMSE_storeProvider(association, contextId, &request, session.temporaryPath.c_str(), OFTrue,
                            nullptr, onStoreProgress, &session, DIMSE_NONBLOCKING, timeoutSeconds);
    if (session.error) {
        std::rethrow_exception(session.error);
    }
    if (condition == DIMSE_OUTOFRESOURCES) {
        throw Error(files.folder(),
                    "cannot write a received file into this folder (is it writable, "
                    "and is the disk full?)");
    }
    return condition;
}

}  // namespace segloop
