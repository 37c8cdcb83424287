#pragma once

#include <string>

#include "core/Error.h"

namespace segloop {

/// A PACS transfer that the progress callback stopped. It is a segloop::Cancelled (catch it as
/// such, like any other cancelled job), whose what() says where and how far it got, e.g.
/// "ORTHANC@pacs:4242: transfer cancelled (1 of 32 files had arrived; none kept)".
/// Whatever the transfer had written is removed before this is thrown.
class TransferCancelled : public Cancelled {
  public:
    TransferCancelled(const std::string& subject, const std::string& detail)
        : message_(subject + ": transfer cancelled" + (detail.empty() ? "" : " (" + detail + ")")) {
    }
    const char* what() const noexcept override { return message_.c_str(); }

  private:
    std::string message_;
};

}  // namespace segloop
