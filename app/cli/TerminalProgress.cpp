#include "app/cli/TerminalProgress.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace segloop::cli {
namespace {

std::atomic<bool> gInterrupted{false};

void onInterrupt(int) {
    gInterrupted = true;
}

}  // namespace

TerminalProgress::TerminalProgress() : terminal_(isatty(STDERR_FILENO) != 0) {}

TerminalProgress::~TerminalProgress() {
    finish();
}

void TerminalProgress::installInterruptHandler() {
    std::signal(SIGINT, onInterrupt);
}

bool TerminalProgress::interrupted() {
    return gInterrupted;
}

bool TerminalProgress::update(const std::string& stage, size_t done, size_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (stage != stage_) {
        finish();
        stage_ = stage;
        stageStart_ = now;
        if (!terminal_) {
            std::fprintf(stderr, "%s (%zu items)\n", stage.c_str(), total);
        }
    }
    if (terminal_ && (done == total || now - lastDraw_ > std::chrono::milliseconds(100))) {
        lastDraw_ = now;
        constexpr int kWidth = 30;
        const int filled = total == 0 ? kWidth : int(kWidth * double(done) / double(total));
        const double elapsed = std::chrono::duration<double>(now - stageStart_).count();
        const double eta = done == 0 ? 0.0 : elapsed * double(total - done) / double(done);
        std::fprintf(stderr, "\r%-24.24s [%s%s] %zu/%zu  ETA %4.0fs ", stage.c_str(),
                     std::string(size_t(filled), '#').c_str(),
                     std::string(size_t(kWidth - filled), '.').c_str(), done, total, eta);
        lineOpen_ = true;
    }
    return !gInterrupted;
}

void TerminalProgress::finish() {
    if (lineOpen_) {
        std::fputc('\n', stderr);
        lineOpen_ = false;
    }
}

}  // namespace segloop::cli
