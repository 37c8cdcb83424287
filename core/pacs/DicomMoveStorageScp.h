#pragma once

#include <exception>
#include <functional>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmnet/assoc.h"

#include "core/pacs/DicomNode.h"
#include "core/pacs/ReceivedFiles.h"

namespace segloop {

/// Internal to core/pacs: our storage SCP for the duration of one C-MOVE. DCMTK's
/// DIMSE_moveUser() calls serve() whenever the node asks for a storage association on our
/// port, or sends something on it; serve() accepts the association (called AE title must be
/// ours), answers C-ECHO, receives each C-STORE into `files` (calling `onFile` before the
/// response), and closes the association when the node releases it.
///
/// After stop() (the user cancelled) new associations are rejected and a C-STORE that still
/// arrives aborts the association carrying it. serve() never throws (it runs inside C code):
/// the first problem is kept in error() and the association is aborted.
class DicomMoveStorageScp {
  public:
    DicomMoveStorageScp(const DicomNode& node, ReceivedFiles& files, std::function<void()> onFile);
    ~DicomMoveStorageScp();  ///< aborts an association DCMTK left open after a failure
    DicomMoveStorageScp(const DicomMoveStorageScp&) = delete;
    DicomMoveStorageScp& operator=(const DicomMoveStorageScp&) = delete;

    /// DIMSE_moveUser()'s sub-operation callback; `scp` is this object.
    static void serve(void* scp, T_ASC_Network* network, T_ASC_Association** association);

    void stop() { stopped_ = true; }
    const std::exception_ptr& error() const { return error_; }

  private:
    void accept(T_ASC_Network* network, T_ASC_Association** association);
    void serveOneMessage(T_ASC_Association** association);
    void close(T_ASC_Association** association, bool abort);

    DicomNode node_;
    ReceivedFiles& files_;
    std::function<void()> onFile_;
    bool stopped_ = false;
    std::exception_ptr error_;
    T_ASC_Association* open_ = nullptr;  ///< the association being served, if any
};

}  // namespace segloop
