#pragma once

#include <functional>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmnet/dimse.h"

#include "core/pacs/ReceivedFiles.h"

namespace segloop {

/// Internal to core/pacs: serves one incoming C-STORE request whose command has just been
/// received (C-GET sub-operations, and our storage SCP during a C-MOVE). The data set goes
/// straight into a temporary file of `files` (as a DICOM file with meta header), accepted
/// under the request's SOP Instance UID; then `beforeResponse` runs (it reports progress and
/// may send a C-CANCEL); then the success response goes out. Throws segloop::Error (subject:
/// the folder) when the file cannot be written (the node gets "out of resources"), rethrows
/// what `beforeResponse` threw once the response is sent, and returns DCMTK's condition
/// for network problems.
OFCondition receiveStoreRequest(T_ASC_Association* association,
                                T_ASC_PresentationContextID contextId, T_DIMSE_C_StoreRQ& request,
                                ReceivedFiles& files, int timeoutSeconds,
                                const std::function<void()>& beforeResponse);

}  // namespace segloop
