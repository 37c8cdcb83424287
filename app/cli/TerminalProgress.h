#pragma once

#include <chrono>
#include <string>

#include "core/jobs/Progress.h"

namespace segloop::cli {

/// A progress bar on stderr: redrawn in place on a terminal, one line per stage otherwise.
/// Cancels the job once Ctrl-C has been pressed (see installInterruptHandler). Main thread only.
class TerminalProgress final : public Progress {
  public:
    TerminalProgress();
    ~TerminalProgress() override;
    bool update(const std::string& stage, size_t done, size_t total) override;
    /// Ends the current bar line (call before printing other output).
    void finish();

    /// Makes SIGINT set a flag that update() turns into a cancel.
    static void installInterruptHandler();
    static bool interrupted();

  private:
    bool terminal_;
    bool lineOpen_ = false;
    std::string stage_;
    std::chrono::steady_clock::time_point lastDraw_;
    std::chrono::steady_clock::time_point stageStart_;
};

}  // namespace segloop::cli
