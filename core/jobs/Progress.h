#pragma once

#include <cstddef>
#include <string>

namespace segloop {

/// Receives progress from a long job and carries cancel back to it (the ITK-SNAP pattern).
///
/// A job calls update() from its own thread; an implementation that talks to a GUI must hand
/// the value over to the GUI thread itself. Returning false asks the job to stop: it then
/// throws `Cancelled` after leaving everything it already saved intact.
class Progress {
  public:
    virtual ~Progress() = default;
    /// `done` of `total` units of `stage` are complete. Return false to cancel.
    virtual bool update(const std::string& stage, size_t done, size_t total) = 0;
};

/// A Progress that reports nothing and never cancels.
class NoProgress final : public Progress {
  public:
    bool update(const std::string&, size_t, size_t) override { return true; }
};

/// Calls progress.update() and throws Cancelled when it returns false. `progress` may be null.
void reportProgress(Progress* progress, const std::string& stage, size_t done, size_t total);

}  // namespace segloop
